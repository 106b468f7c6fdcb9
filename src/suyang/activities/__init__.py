"""Reusable classroom activities: simulations and widgets shared by lessons."""

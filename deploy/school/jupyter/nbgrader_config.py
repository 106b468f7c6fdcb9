# nbgrader settings for every account on the school server (installed into
# /etc/suyang/jupyter/, which the hub puts on each server's JUPYTER_CONFIG_PATH).
# A teacher's course folder adds its own course_id and root; a student's
# ~/.jupyter/nbgrader_config.py (written by `suyang school add-class`) names their class.
import os

c = get_config()  # noqa: F821
c.Exchange.root = os.environ.get("SUYANG_EXCHANGE", "/srv/nbgrader/exchange")
# the exchange keeps one folder per class: the same assignment name in two classes is fine
c.Exchange.path_includes_course = True
# a hand-in is timestamped by the server's clock, in the school's time zone
c.Exchange.timezone = os.environ.get("SUYANG_TIMEZONE", "Asia/Shanghai")

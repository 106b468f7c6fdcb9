"""What a student's JupyterLab shows of the teacher's tools, looked at in Chromium: shared
by the ``make lab`` test (tests/test_lab.py) and the school hub's (tests/test_school_hub.py)."""

from __future__ import annotations

from dataclasses import dataclass

CREATE_ASSIGNMENT = '[data-id="nbgrader-create_assignemnt"]'  # nbgrader's own spelling
MENU_LABELS = "#jp-menu-panel .lm-MenuBar-itemLabel"
MENU_ITEMS = ".lm-Menu-itemLabel"
TOAST = ".Toastify__toast"  # JupyterLab's notifications, the news question among them


@dataclass
class LabLook:
    menus: list[str]        # the menu bar's labels
    create_assignment: int  # nbgrader's "Create Assignment" side panel tabs
    toasts: list[str]       # notifications on the page


def open_lab(page, url: str | None = None) -> list[str]:
    """Open a JupyterLab page (or one already on its way: ``page.goto(url,
    wait_until="commit")``); wait until it has restored its layout (the notebook's cells
    are drawn); return the menu bar's labels."""
    if url:
        page.goto(url)
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=90_000)
    return [t.strip() for t in page.locator(MENU_LABELS).all_inner_texts()]


def look(page) -> LabLook:
    return LabLook([t.strip() for t in page.locator(MENU_LABELS).all_inner_texts()],
                   page.locator(CREATE_ASSIGNMENT).count(),
                   page.locator(TOAST).all_inner_texts())


def open_menu(page, label: str) -> list[str]:
    """Open a menu of the menu bar; return its items' labels."""
    page.locator(MENU_LABELS, has_text=label).click()
    page.locator(MENU_ITEMS).first.wait_for()
    return [t.strip() for t in page.locator(MENU_ITEMS).all_inner_texts()]


def assert_student_lab(page) -> None:
    """Chinese, no nbgrader teacher tools, no news question, and the assignment list
    (fetch, submit, feedback) opens from the kit's "作业" menu."""
    seen = look(page)
    assert "文件" in seen.menus and "File" not in seen.menus, seen
    assert "作业" in seen.menus and "Nbgrader" not in seen.menus, seen
    assert seen.create_assignment == 0 and page.get_by_text("Create Assignment").count() == 0
    assert open_menu(page, "作业") == ["Assignment List"]
    page.locator(MENU_ITEMS, has_text="Assignment List").click()
    page.locator("#nbgrader-assignment-list").wait_for(timeout=20_000)
    # the news question comes as the layout is restored: it would be up long before now
    page.wait_for_timeout(500)
    assert page.locator(TOAST).count() == 0, look(page).toasts


def assert_teacher_lab(page) -> None:
    """Everything: nbgrader's menu with the formgrader, its Create Assignment panel, and
    JupyterLab's own news question (the very check that finds none for a student)."""
    seen = look(page)
    assert "文件" in seen.menus and "Nbgrader" in seen.menus and "作业" not in seen.menus, seen
    assert seen.create_assignment == 1
    page.locator(TOAST).first.wait_for(timeout=20_000)
    assert "Jupyter" in page.locator(TOAST).first.inner_text()
    items = open_menu(page, "Nbgrader")
    assert {"Formgrader", "Course List", "Create assignment"} <= set(items), items

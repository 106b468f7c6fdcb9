// The kit's app view, in the page: labels for a screen reader where ipywidgets has none,
// and a calm notice in the learner's language when part of the lesson cannot be shown or
// the lesson's kernel has stopped. Nothing here is needed for the lesson to work.
(function () {
  "use strict";
  var zh = (window.suyangLang || "zh") === "zh";
  var words = {
    cell: zh ? "这一页有一部分没能显示出来。可以点“重新打开”再试一次；如果还不行，请告诉老师。"
             : "Part of this page could not be shown. Press “Reload” to try again; if it still does not work, please tell your teacher.",
    kernel: zh ? "这一课和电脑的连接断开了（可能是休息太久，或者电脑太忙）。点“重新打开”就能接着学。"
               : "This lesson has lost its connection (it may have been idle too long, or the computer is busy). Press “Reload” to carry on.",
    reload: zh ? "重新打开" : "Reload"
  };
  var MARKER = "suyang-cell-trouble";

  function notice(text) {
    var box = document.getElementById("suyang-trouble");
    if (!box || !box.hidden) { return; }
    box.textContent = text;
    var again = document.createElement("button");
    again.type = "button";
    again.textContent = words.reload;
    again.addEventListener("click", function () { window.location.reload(); });
    box.appendChild(again);
    box.hidden = false;
  }

  function labelText(widget) {
    var label = widget.querySelector(".widget-label");
    var text = label ? label.textContent.trim() : "";
    return text || widget.getAttribute("title") || "";
  }

  function label(root) {
    // sliders: noUiSlider's handle has role="slider" but no name
    root.querySelectorAll(".widget-slider").forEach(function (widget) {
      var name = labelText(widget);
      widget.querySelectorAll("[role=slider]").forEach(function (handle) {
        if (name && !handle.getAttribute("aria-label")) { handle.setAttribute("aria-label", name); }
      });
      var readout = widget.querySelector(".widget-readout");
      if (readout && name && !readout.getAttribute("aria-label")) {
        readout.setAttribute("aria-label", name);
      }
    });
    // radio groups and checkboxes: the group is named by its description
    root.querySelectorAll(".widget-radio, .widget-checkbox").forEach(function (widget) {
      var name = labelText(widget);
      var group = widget.querySelector(".widget-radio-box");
      if (group && name && !group.getAttribute("aria-label")) {
        group.setAttribute("role", "radiogroup");
        group.setAttribute("aria-label", name);
      }
    });
    // a text box or area with only a tooltip: the tooltip is its name
    root.querySelectorAll(".jupyter-widgets[title] input, .jupyter-widgets[title] textarea")
      .forEach(function (field) {
        if (!field.getAttribute("aria-label") && !field.labels.length) {
          field.setAttribute("aria-label", field.closest("[title]").getAttribute("title"));
        }
      });
    // buttons with an icon only: the icon's name is not a name
    root.querySelectorAll("button.jupyter-button").forEach(function (button) {
      if (!button.textContent.trim() && button.title && !button.getAttribute("aria-label")) {
        button.setAttribute("aria-label", button.title);
      }
    });
  }

  // A cell that failed: when the kit already explained it in a box (a check not passed
  // yet, a slip in the learner's own code) that box is the message; otherwise something
  // the learner cannot fix went wrong, and the notice says what to do. Outputs are drawn
  // one by one (the box's HTML after the error's text), so this is judged once the page
  // has been still for a moment.
  function troubled() {
    var found = false;
    document.querySelectorAll(".jp-OutputArea-output").forEach(function (output) {
      if (output.textContent.indexOf(MARKER) < 0) { return; }
      var cell = output.closest(".jp-Cell") || output.parentNode;
      if (!cell.querySelector(".suyang-error")) { found = true; }
    });
    if (found) { notice(words.cell); }
  }

  var pending = false;
  var settle = null;
  new MutationObserver(function () {
    window.clearTimeout(settle);
    settle = window.setTimeout(troubled, 1500);
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; label(document.body); });
  }).observe(document.body, { childList: true, subtree: true });
  label(document.body);
  settle = window.setTimeout(troubled, 1500);

  // The kernel behind the page: Voilà gives its id in the page config.
  function watchKernel() {
    var data = document.getElementById("jupyter-config-data");
    if (!data) { return; }
    var config = JSON.parse(data.textContent);
    if (!config.kernelId) { return; }
    var url = (config.baseUrl || "/") + "api/kernels/" + config.kernelId;
    var misses = 0;
    var timer = window.setInterval(function () {
      fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (response.status === 404) { misses += 1; }
        else if (response.ok) {
          return response.json().then(function (kernel) {
            misses = kernel.execution_state === "dead" ? misses + 1 : 0;
          });
        }
      }).catch(function () { misses += 1; }).then(function () {
        if (misses >= 2) { window.clearInterval(timer); notice(words.kernel); }
      });
    }, 10000);
  }
  if (document.readyState === "complete") { watchKernel(); }
  else { window.addEventListener("load", watchKernel); }
})();

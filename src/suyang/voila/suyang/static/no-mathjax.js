// Served in place of MathJax from a CDN: the app view must work with no internet, and the
// kit's app-view lessons write no formulas. Defines nothing; Voilà's MathJax 2 plugin only
// loads the script and typesets when a page has LaTeX; this stands in for its API.
window.MathJax = window.MathJax || {
  Hub: {
    Config: function () {},
    Configured: function () {},
    Queue: function () {},
    Register: { StartupHook: function () {}, MessageHook: function () {} }
  },
  Ajax: { config: { path: {} } }
};

// Static explorers: each .dlcore-explorer holds its controls, a JSON table of precomputed frames
// (keyed by the controls' value indices, "2,0,1") and an <img>; moving a control shows the frame
// for the new setting. Written by dlcore/widgets/static.py; no kernel and no network needed.
(function () {
  "use strict";

  function setUp(root) {
    var data = JSON.parse(root.querySelector("script.dlx-data").textContent);
    var image = root.querySelector("img.dlx-frame");
    var inputs = data.controls.map(function (control) {
      return root.querySelector('[name="' + control.name + '"]');
    });

    function show() {
      var key = inputs.map(function (input) { return input.value; }).join(",");
      inputs.forEach(function (input, k) {
        var output = input.parentElement.querySelector("output");
        if (output) { output.textContent = data.controls[k].values[Number(input.value)]; }
      });
      if (data.frames[key]) {
        image.src = data.frames[key];
        root.dataset.frame = key;
      }
    }

    root.addEventListener("input", show);
    root.addEventListener("change", show);
    show();
  }

  function setUpAll() {
    document.querySelectorAll(".dlcore-explorer").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();

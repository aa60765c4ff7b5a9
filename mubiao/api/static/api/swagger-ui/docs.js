// Starts Swagger UI for /api/v1/docs from the JSON settings block of the page (no inline script,
// so the page works under Mubiao's Content-Security-Policy).
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("swagger-settings").textContent);
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  window.ui = SwaggerUIBundle(config);
})();

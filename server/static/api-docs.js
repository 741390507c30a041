// The API page: Swagger UI over this server's OpenAPI description, with requests sent to this server.
(function () {
  "use strict";
  const root = document.getElementById("swagger-ui");
  window.policykgSwagger = SwaggerUIBundle({
    url: root.dataset.spec,
    domNode: root,
    deepLinking: true,
    validatorUrl: null,
    tryItOutEnabled: true,
    onComplete: function () { root.dataset.loaded = "true"; },
  });
})();

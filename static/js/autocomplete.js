// Pickers of organizations, members and cadres (organizations/autocomplete.py): a select
// with data-autocomplete holds only its chosen option; typing asks the form's own page
// (?autocomplete=<field>&q=<text>) for the first matches, which the server has already cut
// to the user's scope. The server's order and matches are kept as they come.
(function () {
  "use strict";
  if (!window.TomSelect || !window.fetch) {
    return;
  }
  var language = {
    noResults: "没有找到，请换个名称或编码试试",
    loading: "正在查找……",
    more: "只显示前 20 个，请输入更多字缩小范围",
  };

  function pathOf(select) {
    return select.dataset.autocompleteUrl || window.location.pathname;
  }

  function setUp(select) {
    var more = false;
    var picker = new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      maxOptions: null,
      preload: "focus",
      loadThrottle: 250,
      allowEmptyOption: false,
      placeholder: select.dataset.placeholder || "",
      score: function () {
        return function () { return 1; };
      },
      load: function (query, callback) {
        var url = pathOf(select) + "?autocomplete=" + encodeURIComponent(select.dataset.autocomplete) +
          "&q=" + encodeURIComponent(query);
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            more = data.more;
            picker.clearOptions();
            callback(data.results);
          })
          .catch(function () { callback(); });
      },
      render: {
        no_results: function () {
          return '<div class="no-results">' + language.noResults + "</div>";
        },
        loading: function () {
          return '<div class="spinner-border spinner-border-sm m-2" role="status"></div>';
        },
      },
      onLoad: function () {
        footer.hidden = !more;
      },
    });
    var footer = document.createElement("div");
    footer.className = "small text-muted px-2 py-1 border-top";
    footer.textContent = language.more;
    footer.hidden = true;
    picker.dropdown.appendChild(footer);
  }

  document.querySelectorAll("select[data-autocomplete]").forEach(setUp);
})();

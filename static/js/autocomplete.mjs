// Typed choices (sharedlives/lookup.py): a text input with data-autocomplete="<lookup URL>" becomes alphagov's
// accessible-autocomplete, suggesting matches from the lookup as the user types. The new input keeps the old one's
// id, name, value, hint and error, so the form sends the typed or chosen text as before: without JavaScript the
// server matches that text itself, so nothing depends on this file.

const LIBRARY = "/static/accessible-autocomplete/accessible-autocomplete.min.js";
const MIN_LENGTH = 2; // one letter matches half the scheme

function escapeHtml(text) {
  const holder = document.createElement("span");
  holder.textContent = text;
  return holder.innerHTML;
}

// Suggestions from the lookup; a newer keystroke cancels the older request. A failed request shows none: the
// typed text is still sent with the form.
function suggestionsFrom(url) {
  let pending = null;
  return (query, populate) => {
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(`${url}?${new URLSearchParams({ q: query })}`, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: pending.signal,
    })
      .then((response) => (response.ok ? response.json() : []))
      .then(populate)
      .catch(() => {});
  };
}

// The library sets aria-describedby for its own usage hint; keep the field's hint and error described too.
function keepDescribedBy(input, ids) {
  const keep = () => {
    const current = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    const missing = ids.filter((id) => !current.includes(id));
    if (missing.length) input.setAttribute("aria-describedby", [...current, ...missing].join(" "));
  };
  keep();
  new MutationObserver(keep).observe(input, { attributes: true, attributeFilter: ["aria-describedby"] });
}

function enhance(accessibleAutocomplete, original) {
  const container = document.createElement("div");
  container.className = "app-autocomplete";
  if (original.classList.contains("govuk-input--error")) container.classList.add("app-autocomplete--error");
  original.replaceWith(container);
  accessibleAutocomplete({
    element: container,
    id: original.id,
    name: original.name,
    defaultValue: original.value,
    minLength: MIN_LENGTH,
    source: suggestionsFrom(original.dataset.autocomplete),
    templates: {
      inputValue: (choice) => choice && choice.value,
      suggestion: (choice) => choice && escapeHtml(choice.label),
    },
    tNoResults: () => "No matches yet: what you type is searched when you send the form",
  });
  const input = container.querySelector("input");
  const described = (original.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
  if (input && described.length) keepDescribedBy(input, described);
}

export async function initAutocompletes(root = document) {
  const inputs = [...root.querySelectorAll("input[data-autocomplete]")];
  if (!inputs.length) return;
  await import(LIBRARY); // a UMD bundle: it sets self.accessibleAutocomplete
  for (const input of inputs) enhance(window.accessibleAutocomplete, input);
}

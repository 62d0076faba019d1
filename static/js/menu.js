/* The header's Menu button (templates/includes/header.html): a disclosure button that shows and
 * hides the account links and the main menu on narrow screens.
 *
 * Only an enhancement: without this script the button keeps its hidden attribute and the menus
 * are plain visible lists. This script reveals the button and marks the header
 * (has-menu-button); static/css/portal.css folds the menus away on narrow screens until the
 * button opens them. On wide screens the CSS hides the button and shows everything.
 * Escape closes the open menu and gives the focus back to the button.
 * Loaded with defer from the site's own static files (the Content-Security-Policy allows 'self'). */
(function () {
  "use strict";

  var header = document.querySelector("[data-menu]");
  var button = header && header.querySelector("[data-menu-button]");
  if (!button) {
    return;
  }

  function isOpen() {
    return button.getAttribute("aria-expanded") === "true";
  }

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    header.classList.toggle("is-open", open);
  }

  function buttonShown() {
    return button.offsetParent !== null;
  }

  setOpen(false);
  header.classList.add("has-menu-button");
  button.hidden = false;

  button.addEventListener("click", function () {
    setOpen(!isOpen());
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && isOpen() && buttonShown()) {
      setOpen(false);
      button.focus();
    }
  });
})();

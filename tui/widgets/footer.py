"""The key footer: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from typing import Hashable

from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's :class:`~textual.widgets.Footer`, without rebuilds that change nothing.

    The footer rebuilds all its key widgets each time a screen's bindings may
    have changed: every focus move and screen mount. At start-up that was five
    rebuilds of the same nine keys, each one mounting and styling every key
    again (about a tenth of the start-up's CPU). Here a rebuild happens only
    when what it would show (keys, labels, enabled state, tooltips, the
    palette key, compactness) differs from what is shown.
    """

    _shown: Hashable = None

    def _showing(self) -> Hashable:
        if not self._bindings_ready or not self.is_attached:
            return None
        keys = tuple((binding.key, binding.action, binding.description, binding.group, enabled, tooltip)
                     for _node, binding, enabled, tooltip in self.screen.active_bindings.values() if binding.show)
        return keys, self.compact, self.show_command_palette, self.combine_groups

    def bindings_changed(self, screen) -> None:
        if self._shown is None and self.is_attached and screen is self.screen and screen.app.app_focus:
            self._bindings_ready = True
            self.call_later(self.recompose)
            return
        super().bindings_changed(screen)

    def compose(self):
        """Textual's keys, made compact before they are styled (Textual makes them so once they are,
        which styles each key a second time)."""
        for widget in super().compose():
            widget.set_class(self.compact, "-compact", update=False)
            yield widget

    async def recompose(self) -> None:
        showing = self._showing()
        if showing is not None and showing == self._shown:
            return
        self._shown = showing
        await super().recompose()

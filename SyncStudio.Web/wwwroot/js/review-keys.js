// Review's keyboard: j/k move, Enter opens, a/r approve or reject, Esc closes. Keys typed into a field, or while a
// dialog is open, are left alone, as are keys with a modifier (the browser's and the screen reader's own shortcuts).
const handled = new Set(["j", "k", "a", "r", "Enter", "Escape"]);

export function listen(dotNet) {
    const onKey = event => {
        if (!handled.has(event.key) || event.ctrlKey || event.metaKey || event.altKey) return;
        const target = event.target;
        if (target instanceof HTMLElement && (target.isContentEditable || target.closest("input, textarea, select, [role=combobox], [role=listbox]"))) return;
        if (document.querySelector(".mud-dialog-container, .mud-overlay-dialog")) return;
        // Enter on a button or link keeps its own meaning.
        if (event.key === "Enter" && target instanceof HTMLElement && target.closest("button, a, [role=button], [role=checkbox]")) return;
        event.preventDefault();
        dotNet.invokeMethodAsync("OnReviewKey", event.key);
    };
    document.addEventListener("keydown", onKey);
    return { dispose: () => document.removeEventListener("keydown", onKey) };
}

export function focus(selector) {
    const element = document.querySelector(selector);
    if (element) {
        element.focus({ preventScroll: false });
        element.scrollIntoView({ block: "nearest" });
    }
}

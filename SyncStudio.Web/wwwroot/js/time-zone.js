// The browser's time zone (IANA id), asked once per circuit so the dashboard shows times where the viewer is.
export function zone() {
    try {
        return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
    } catch {
        return null;
    }
}

using MudBlazor;

namespace SyncStudio.Web.Components.Shared;

public static class TableExtensions
{
    /// <summary>Re-reads a server-paged table from its first page (after a filter changed, the old page may not exist).</summary>
    public static async Task ReloadFromFirstPageAsync<T>(this MudTable<T> table)
    {
        if (table.CurrentPage != 0)
            table.NavigateTo(0);
        else
            await table.ReloadServerData();
    }
}

namespace SyncStudio.Data;
internal static class Placeholder;

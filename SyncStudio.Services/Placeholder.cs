namespace SyncStudio.Services;
internal static class Placeholder;

using System.Text.RegularExpressions;
using DiffPlex;

namespace SyncStudio.Web.Display;

public enum DiffKind
{
    Same,
    Removed,
    Added,
}

/// <summary>A run of words that both texts share, or that only the old or only the new one holds.</summary>
public sealed record DiffSegment(DiffKind Kind, string Text);

/// <summary>
/// A word-level diff of two texts (DiffPlex over words and the spaces between them), so a reviewer sees the three words
/// that moved in a long description rather than two walls of text. Whitespace is its own piece: a diff never splits
/// a word, and the segments put together give back each text exactly.
/// </summary>
public static partial class TextDiff
{
    public static IReadOnlyList<DiffSegment> Words(string? oldText, string? newText)
    {
        oldText ??= "";
        newText ??= "";
        var result = Differ.Instance.CreateDiffs(oldText, newText, ignoreWhiteSpace: false, ignoreCase: false, WordsAndSpaces.Instance);
        var segments = new List<DiffSegment>();
        var (a, b) = (0, 0);
        foreach (var block in result.DiffBlocks)
        {
            // What precedes a block is the same on both sides.
            Append(segments, DiffKind.Same, result.PiecesOld, a, block.DeleteStartA - a);
            Append(segments, DiffKind.Removed, result.PiecesOld, block.DeleteStartA, block.DeleteCountA);
            Append(segments, DiffKind.Added, result.PiecesNew, block.InsertStartB, block.InsertCountB);
            a = block.DeleteStartA + block.DeleteCountA;
            b = block.InsertStartB + block.InsertCountB;
        }
        Append(segments, DiffKind.Same, result.PiecesOld, a, result.PiecesOld.Count - a);
        return segments;
    }

    private static void Append(List<DiffSegment> segments, DiffKind kind, IReadOnlyList<string> pieces, int start, int count)
    {
        if (count <= 0)
            return;
        var text = string.Concat(pieces.Skip(start).Take(count));
        // Adjacent runs of one kind merge, so a changed phrase reads as one mark rather than one per word.
        if (segments.Count > 0 && segments[^1].Kind == kind)
            segments[^1] = segments[^1] with { Text = segments[^1].Text + text };
        else
            segments.Add(new DiffSegment(kind, text));
    }

    [GeneratedRegex(@"\s+|[^\s]+", RegexOptions.CultureInvariant)]
    private static partial Regex WordOrSpace();

    private sealed class WordsAndSpaces : IChunker
    {
        public static readonly WordsAndSpaces Instance = new();

        public IReadOnlyList<string> Chunk(string text) => WordOrSpace().Matches(text).Select(m => m.Value).ToArray();
    }
}

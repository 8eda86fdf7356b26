using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace SyncStudio.Web.Display;

/// <summary>
/// A product description's HTML for review: as text (paragraphs and line breaks kept as lines) for a word-level diff,
/// and as sanitised HTML for a rendered preview. Descriptions come from Shopify or a CSV import, so they are never
/// trusted: scripts, event handlers, styles that can overlay the page and <c>javascript:</c> links are removed.
/// </summary>
public static class HtmlText
{
    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "P", "DIV", "LI", "UL", "OL", "H1", "H2", "H3", "H4", "H5", "H6", "TABLE", "TR", "BLOCKQUOTE", "PRE", "SECTION", "ARTICLE",
    };

    private static readonly HtmlParser Parser = new();

    /// <summary>The text a shopper reads: tags dropped, entities decoded, one line per block, runs of spaces collapsed.</summary>
    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
            return "";
        var document = Parser.ParseDocument("<body></body>");
        var nodes = Parser.ParseFragment(html, document.Body!);
        var text = new StringBuilder();
        foreach (var node in nodes)
            Walk(node, text);
        var lines = text.ToString().Split('\n')
            .Select(line => string.Join(' ', line.Split([' ', '\t', '\r', '\u00a0'], StringSplitOptions.RemoveEmptyEntries)))
            .Where(line => line.Length > 0);
        return string.Join('\n', lines);
    }

    /// <summary>HTML safe to render inside the dashboard; the default allow-list of HtmlSanitizer, with no inline styles.</summary>
    public static string Sanitize(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
            return "";
        var sanitizer = new HtmlSanitizer();
        // Inline styles can position content over the dashboard's own buttons; a preview needs none.
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedTags.Remove("input");
        sanitizer.AllowedTags.Remove("button");
        return sanitizer.Sanitize(html);
    }

    /// <summary>True for a value that holds markup (a tag), so it is worth a rendered preview.</summary>
    public static bool LooksLikeHtml(string? value) =>
        value is not null && value.Contains('<', StringComparison.Ordinal) && value.Contains('>', StringComparison.Ordinal);

    private static void Walk(INode node, StringBuilder text)
    {
        switch (node)
        {
            case IText t:
                text.Append(t.Data);
                return;
            case IElement { TagName: "BR" }:
                text.Append('\n');
                return;
            case IElement { TagName: "SCRIPT" or "STYLE" or "TEMPLATE" }:
                return;
            case IElement element:
                var block = BlockElements.Contains(element.TagName);
                if (block)
                    text.Append('\n');
                foreach (var child in element.ChildNodes)
                    Walk(child, text);
                if (block)
                    text.Append('\n');
                return;
        }
    }
}

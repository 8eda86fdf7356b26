using SyncStudio.Services.Approvals;

namespace SyncStudio.Tests.Unit.Approvals;

public class GlobPatternTests
{
    [Theory]
    [InlineData("price", "price", true)]
    [InlineData("price", "compare_at_price", false)]
    [InlineData("price", "variants[A].price", false)]
    [InlineData("variants[*].price", "variants[TEE-M].price", true)]
    [InlineData("variants[*].price", "variants[Small / Red].price", true)]
    [InlineData("variants[*].price", "variants[A].compare_at_price", false)]
    [InlineData("variants[*].price", "price", false)]
    [InlineData("variants[*]", "variants[TEE-XL]", true)]
    [InlineData("variants[*]", "variants[TEE-XL].price", false)]
    [InlineData("variants[TEE-*].price", "variants[TEE-S].price", true)]
    [InlineData("variants[TEE-*].price", "variants[MUG-1].price", false)]
    [InlineData("*price", "compare_at_price", true)]
    [InlineData("*price", "variants[A].price", true)]
    [InlineData("*", "anything", true)]
    [InlineData("*_*", "body_html", true)]
    [InlineData("*_*", "title", false)]
    [InlineData("variants[*].*", "variants[A].sku", true)]
    [InlineData("variants[*].*", "variants[A]", false)]
    public void MatchesFieldPaths(string pattern, string path, bool expected)
    {
        Assert.Equal(expected, GlobPattern.Compile(pattern).IsMatch(path));
    }

    [Theory]
    [InlineData("price")]
    [InlineData("variants[*].price")]
    [InlineData("variants[*]")]
    [InlineData("variants[Small / Red].price")]
    [InlineData("*")]
    [InlineData("*_price")]
    [InlineData("tags")]
    public void AcceptsUsablePatterns(string pattern)
    {
        Assert.Null(GlobPattern.Validate(pattern));
    }

    [Theory]
    [InlineData("", GlobPattern.InvalidGlob)]
    [InlineData(" price", GlobPattern.InvalidGlob)]
    [InlineData("price ", GlobPattern.InvalidGlob)]
    [InlineData("variants[ A].price", GlobPattern.InvalidGlob)]
    [InlineData("variants[A\t].price", GlobPattern.InvalidGlob)]
    [InlineData("variants[*.price", GlobPattern.InvalidGlob)]
    [InlineData("variants*].price", GlobPattern.InvalidGlob)]
    [InlineData("variants[[*]].price", GlobPattern.InvalidGlob)]
    [InlineData("variants[].price", GlobPattern.InvalidGlob)]
    [InlineData("Price", GlobPattern.InvalidGlob)]
    [InlineData("prise", GlobPattern.UnknownField)]
    [InlineData("variant[*].price", GlobPattern.UnknownField)]
    [InlineData("variants[*].colour", GlobPattern.UnknownField)]
    [InlineData("variants[*].price[*]", GlobPattern.UnknownField)]
    public void RefusesBrokenPatterns(string pattern, string error)
    {
        Assert.Equal(error, GlobPattern.Validate(pattern));
        Assert.Throws<ArgumentException>(() => GlobPattern.Compile(pattern));
    }
}

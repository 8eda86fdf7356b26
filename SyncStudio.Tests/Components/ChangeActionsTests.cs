using Bunit;
using SyncStudio.Data;
using SyncStudio.Services.Review;
using SyncStudio.Web.Components.Shared;

namespace SyncStudio.Tests.Components;

/// <summary>Role gating: an action a user may not take is not offered.</summary>
public sealed class ChangeActionsTests : DashboardTestContext
{
    private static StagedChangeDto Change(int level = 1, bool conflicts = false, string status = ChangeStatuses.Pending) => new()
    {
        Id = 7,
        ChangeId = "pull_20261125_120000_1_product_7",
        ChangeType = ChangeTypes.Update,
        SyncDirection = SyncDirections.PullFromShopify,
        Status = status,
        RequiredApprovalLevel = level,
        HasConflicts = conflicts,
    };

    private IRenderedComponent<ChangeActions> RenderActions(StagedChangeDto change, Action<StagedChangeDto>? approve = null) =>
        Render<ChangeActions>(p => p
            .Add(a => a.Change, change)
            .Add(a => a.OnApprove, c => approve?.Invoke(c)));

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Operator)]
    public void ARoleBelowApproverSeesNoDecision(string role)
    {
        SignInAs(role);

        var cut = RenderActions(Change());

        Assert.Empty(cut.FindAll("[data-testid=approve-change]"));
        Assert.Empty(cut.FindAll("[data-testid=reject-change]"));
    }

    [Fact]
    public void AnApproverMayDecideALevelOneChange()
    {
        SignInAs(Roles.Approver);
        StagedChangeDto? approved = null;

        var cut = RenderActions(Change(level: 1), c => approved = c);
        cut.Find("[data-testid=approve-change]").Click();

        Assert.NotNull(cut.Find("[data-testid=reject-change]"));
        Assert.Equal(7, approved?.Id);
    }

    [Fact]
    public void AnApproverIsToldALevelTwoChangeNeedsAnAdmin()
    {
        SignInAs(Roles.Approver);

        var cut = RenderActions(Change(level: 2));

        Assert.Empty(cut.FindAll("[data-testid=approve-change]"));
        Assert.Contains(Roles.Admin, cut.Find("[data-testid=needs-higher-level]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAdminMayDecideALevelTwoChange()
    {
        SignInAs(Roles.Admin);

        var cut = RenderActions(Change(level: 2));

        Assert.NotNull(cut.Find("[data-testid=approve-change]"));
    }

    [Fact]
    public void AConflictingChangeIsApprovedOnlyThroughItsResolution()
    {
        SignInAs(Roles.Approver);

        var cut = RenderActions(Change(conflicts: true));

        Assert.Empty(cut.FindAll("[data-testid=approve-change]"));
        Assert.NotNull(cut.Find("[data-testid=reject-change]"));
    }

    [Fact]
    public void ADecidedChangeOffersNothing()
    {
        SignInAs(Roles.Admin);

        var cut = RenderActions(Change(status: ChangeStatuses.Approved));

        Assert.Empty(cut.FindAll("button"));
    }

    [Fact]
    public void AViewerSeesConflictsWithoutChoices()
    {
        SignInAs(Roles.Viewer);
        var change = Change(conflicts: true) with
        {
            FieldChanges = new Services.Json.RawJson("""{"price":{"old":1,"new":2,"base":1.5}}"""),
            ConflictFields = new Services.Json.RawJson("""["price"]"""),
        };

        var cut = Render<ChangeDetail>(p => p.Add(d => d.Change, change));

        Assert.NotNull(cut.Find("[data-testid=conflict-local]"));
        Assert.Empty(cut.FindAll("[data-testid=choose-shopify]"));
        Assert.Empty(cut.FindAll("[data-testid=approve-resolution]"));
    }

    [Fact]
    public void AnApproverMayResolveConflicts()
    {
        SignInAs(Roles.Approver);
        var change = Change(conflicts: true) with
        {
            FieldChanges = new Services.Json.RawJson("""{"price":{"old":1,"new":2,"base":1.5}}"""),
            ConflictFields = new Services.Json.RawJson("""["price"]"""),
        };

        var cut = Render<ChangeDetail>(p => p.Add(d => d.Change, change));

        Assert.NotNull(cut.Find("[data-testid=choose-shopify]"));
        Assert.NotNull(cut.Find("[data-testid=approve-resolution]"));
    }
}

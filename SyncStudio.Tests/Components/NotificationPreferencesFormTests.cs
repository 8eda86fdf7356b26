using AngleSharp.Dom;
using Bunit;
using SyncStudio.Services.Notifications;
using SyncStudio.Web.Components.Pages.Notifications;

namespace SyncStudio.Tests.Components;

/// <summary>Each user's choice of notifications (docs/decisions/0028): the events their role allows, e-mail on or off.</summary>
public sealed class NotificationPreferencesFormTests : DashboardTestContext
{
    private static readonly NotificationPreferenceView Operator = new("operator@test.local", true,
        [NotificationKinds.BatchFailed, NotificationKinds.BatchHeld], [NotificationKinds.BatchFailed, NotificationKinds.BatchHeld], false);

    private readonly List<(bool Email, IReadOnlyList<string> Events)> _saves = [];
    private NotificationPreferenceResult? _answer;

    private IRenderedComponent<NotificationPreferencesForm> RenderForm(NotificationPreferenceView view) =>
        Render<NotificationPreferencesForm>(p => p
            .Add(f => f.View, view)
            .Add(f => f.Save, (email, events) =>
            {
                _saves.Add((email, events));
                return Task.FromResult(_answer ?? new NotificationPreferenceResult(view with { EmailEnabled = email, Events = events, Saved = true }, null));
            }));

    private static IElement Input(IRenderedComponent<NotificationPreferencesForm> cut, string testId)
    {
        var element = cut.Find($"[data-testid={testId}]");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    [Fact]
    public void OnlyTheEventsTheRoleAllowsAreOfferedAndTheChoiceIsSaved()
    {
        var cut = RenderForm(Operator);

        Assert.Empty(cut.FindAll("[data-testid=notification-event-approval_digest]"));
        Assert.Contains("operator@test.local", cut.Find("[data-testid=notification-preferences-form]").TextContent, StringComparison.Ordinal);
        Input(cut, "notification-event-batch_held").Change(false);
        cut.Find("[data-testid=notification-preferences-save]").Click();

        var saved = Assert.Single(_saves);
        Assert.True(saved.Email);
        Assert.Equal([NotificationKinds.BatchFailed], saved.Events);
    }

    [Fact]
    public void EmailSwitchedOffIsSavedAndARefusalSaysWhy()
    {
        _answer = new NotificationPreferenceResult(null, new Dictionary<string, string> { ["events"] = "'approval_digest' is for Approver and above" });
        var cut = RenderForm(Operator);

        Input(cut, "notification-email-enabled").Change(false);
        cut.Find("[data-testid=notification-preferences-save]").Click();

        Assert.False(Assert.Single(_saves).Email);
        Assert.Contains("Approver and above", cut.Find("[data-testid=notification-preferences-errors]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ARoleWithNoNotificationsIsToldSo()
    {
        var cut = RenderForm(new NotificationPreferenceView("viewer@test.local", true, [], [], false));

        Assert.NotNull(cut.Find("[data-testid=notification-preferences-none]"));
        Assert.Empty(cut.FindAll("[data-testid=notification-preferences-save]"));
    }
}

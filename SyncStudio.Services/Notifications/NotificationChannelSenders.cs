using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace SyncStudio.Services.Notifications;

/// <summary>An attempt's outcome: sent, or why not and whether trying again could help.</summary>
public sealed record SendOutcome(bool Sent, string? Error = null, bool Permanent = false)
{
    public static readonly SendOutcome Done = new(true);
}

/// <summary>Sends one e-mail over SMTP with MailKit: connect, authenticate when a user name is set, send, disconnect.</summary>
public static class EmailSender
{
    /// <param name="messageKey">The delivery's id and creation time: the same on every attempt, so the Message-ID is too.</param>
    public static async Task<SendOutcome> SendAsync(SmtpChannelConfig smtp, string to, RenderedMessage message, string messageKey, TimeSpan timeout, CancellationToken ct)
    {
        var mail = new MimeMessage();
        mail.From.Add(new MailboxAddress(smtp.FromName ?? "SyncStudio", smtp.FromAddress));
        mail.To.Add(MailboxAddress.Parse(to));
        mail.Subject = message.Subject;
        // Every attempt of a delivery sends the same Message-ID: a receiver can tell a repeat from a new message.
        mail.MessageId = $"notification-{messageKey}@{smtp.FromAddress.Split('@').Last()}";
        mail.Headers.Add("X-SyncStudio-Notification", messageKey);
        mail.Body = new BodyBuilder { TextBody = NotificationMessages.Text(message), HtmlBody = NotificationMessages.Html(message) }.ToMessageBody();

        using var client = new SmtpClient { Timeout = (int)timeout.TotalMilliseconds };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security switch
            {
                SmtpSecurityModes.None => SecureSocketOptions.None,
                SmtpSecurityModes.Ssl => SecureSocketOptions.SslOnConnect,
                SmtpSecurityModes.StartTls => SecureSocketOptions.StartTls,
                _ => SecureSocketOptions.Auto,
            }, deadline.Token);
            if (smtp.Username is { Length: > 0 } user)
                await client.AuthenticateAsync(user, smtp.Password ?? "", deadline.Token);
            await client.SendAsync(mail, deadline.Token);
            await client.DisconnectAsync(true, deadline.Token);
            return SendOutcome.Done;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SendOutcome(false, $"SMTP {smtp.Host}:{smtp.Port} did not answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (AuthenticationException)
        {
            // Retried: an Admin may fix the password meanwhile. The message never names the password.
            return new SendOutcome(false, $"SMTP {smtp.Host}:{smtp.Port} refused the user name and password");
        }
        catch (SmtpCommandException e) when (e.ErrorCode is SmtpErrorCode.RecipientNotAccepted && (int)e.StatusCode >= 500)
        {
            return new SendOutcome(false, $"SMTP {smtp.Host}:{smtp.Port} refused the recipient: {(int)e.StatusCode} {e.Message}", Permanent: true);
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or SocketException or IOException or ServiceNotConnectedException
                                   or SslHandshakeException or ServiceNotAuthenticatedException)
        {
            return new SendOutcome(false, $"SMTP {smtp.Host}:{smtp.Port}: {e.Message}");
        }
    }
}

/// <summary>
/// Posts a message's JSON to the webhook. The address is a credential (Slack's and Teams' incoming webhooks carry it in
/// the path): its HTTP client logs nothing, and errors name only its host.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients)
{
    public const string HttpClientName = "notifications-webhook";

    /// <summary>Marks a request whose address must not be recorded (the tracing filter leaves it out).</summary>
    public static readonly HttpRequestOptionsKey<bool> SecretAddress = new("SyncStudio.SecretAddress");

    public async Task<SendOutcome> SendAsync(Uri url, JsonObject body, long deliveryId, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
            request.Options.Set(SecretAddress, true);
            request.Headers.Add("Idempotency-Key", "syncstudio-notification-" + deliveryId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, deadline.Token);
            if (response.IsSuccessStatusCode)
                return SendOutcome.Done;
            var status = (int)response.StatusCode;
            // A 4xx other than timeout and rate limit (Slack's 404 no_service for a removed webhook, 400 invalid_payload)
            // will not pass on a retry.
            var permanent = status is >= 400 and < 500 and not 408 and not 429;
            return new SendOutcome(false, $"The webhook at {url.Host} answered {status} {response.ReasonPhrase}", permanent);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SendOutcome(false, $"The webhook at {url.Host} did not answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return new SendOutcome(false, $"The webhook at {url.Host} could not be reached ({e.HttpRequestError})");
        }
    }
}

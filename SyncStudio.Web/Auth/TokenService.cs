using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SyncStudio.Data;
using SyncStudio.Services.Users;

namespace SyncStudio.Web.Auth;

public sealed record IssuedToken(string AccessToken, int ExpiresIn);

public sealed class TokenService(IOptions<JwtOptions> options, JwtSigningKey signingKey, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public IssuedToken Issue(AppUser user, IEnumerable<string> roles)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(JwtRegisteredClaimNames.Email, user.Email ?? ""),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            // Checked on every request against the user's stamp now: a token dies with the stamp (docs/decisions/0012).
            new(UserStandingChecks.StampClaim, UserStandingCache.HashStamp(user.SecurityStamp)),
        };
        claims.AddRange(roles.Select(r => new Claim(AuthSetup.RoleClaim, r)));
        var descriptor = new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(settings.ExpiryMinutes),
            SigningCredentials = new SigningCredentials(signingKey.Key, SecurityAlgorithms.HmacSha256),
        };
        return new IssuedToken(_handler.CreateToken(descriptor), settings.ExpiryMinutes * 60);
    }
}

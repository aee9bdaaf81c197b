using SignageKiosk.Controller.Api;
using SignageKiosk.Controller.Auth;

namespace SignageKiosk.Controller.Pairing;

/// <summary>
/// Runs before authentication on every request that carries a kiosk credential: the first use of a newly
/// issued credential makes it current (so authentication accepts it), and a retired one is refused here with
/// a message that says why.
/// </summary>
public sealed class CredentialRotationMiddleware(RequestDelegate next, CredentialRotation rotation)
{
    public async Task InvokeAsync(HttpContext context)
    {
        string? header = context.Request.Headers.Authorization;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var secret = header["Bearer ".Length..].Trim();
            if (secret.StartsWith(Secrets.KioskCredentialPrefix, StringComparison.Ordinal))
            {
                var hash = Secrets.Hash(secret);
                var (verdict, kioskId) = await rotation.ExamineWithKioskAsync(hash, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
                if (kioskId is not null)
                {
                    // Authentication would read the same row again: every reconnecting kiosk makes two such requests.
                    context.Features.Set(new KioskCredentialExamined(kioskId, hash));
                }
                if (verdict == CredentialRotation.Verdict.Reused)
                {
                    await ApiProblem.WriteAsync(context, StatusCodes.Status401Unauthorized,
                        "这台屏的设备凭据已被更新的凭据取代，另一份复制的屏正在使用它；请重新配对这台屏 (this device credential was replaced by a newer one; another copy of this kiosk holds it. Pair this kiosk again)", null);
                    return;
                }
            }
        }
        await next(context);
    }
}

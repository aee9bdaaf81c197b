namespace SignageKiosk.Controller.Auth;

/// <summary>
/// A staff account as sign-in and authorization see it. <see cref="SecurityStamp"/> is random and replaced
/// whenever the role, scope, password or state changes: a page session carries it and ends when it differs.
/// </summary>
public sealed record StaffUser(long Id, string Username, StaffRole Role, string? ScopePlaceId, string SecurityStamp = "", bool Disabled = false, bool MustChangePassword = false);

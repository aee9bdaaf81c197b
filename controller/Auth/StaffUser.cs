namespace SignageKiosk.Controller.Auth;

public sealed record StaffUser(long Id, string Username, StaffRole Role, string? ScopePlaceId);

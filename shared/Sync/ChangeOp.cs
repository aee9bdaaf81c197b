namespace SignageKiosk.Shared.Sync;

public enum ChangeOp
{
    Upsert,
    Delete,
}

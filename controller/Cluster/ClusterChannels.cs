namespace SignageKiosk.Controller.Cluster;

/// <summary>The PostgreSQL notification channels the nodes wake each other with. Only wake-ups: the truth is the change log.</summary>
public static class ClusterChannels
{
    /// <summary>Sent in the publishing transaction, so it is delivered when (and only if) the change commits.</summary>
    public const string Changes = "signagekiosk_changes";

    /// <summary>A placement changed: the nodes ask their matching kiosks to say Hello again (payload: <see cref="RehelloTarget"/>).</summary>
    public const string Rehello = "signagekiosk_rehello";

    /// <summary>Staff asked for a screenshot: the node holding the kiosk's connection tells it to capture (decision 0042).</summary>
    public const string Capture = "signagekiosk_capture";

    /// <summary>A kiosk's credential moved on or a copy was seen: every node cuts its connections that do not hold the current one (decision 0042).</summary>
    public const string CredentialCut = "signagekiosk_credential_cut";
}

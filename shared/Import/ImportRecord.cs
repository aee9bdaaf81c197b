using SignageKiosk.Shared.Content;

namespace SignageKiosk.Shared.Import;

/// <summary>One record a row writes, with its kind (a roster row writes a person, then a roster entry).</summary>
public sealed record ImportRecord(string Kind, ContentItem Item);

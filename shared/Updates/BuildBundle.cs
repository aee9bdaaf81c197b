using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace SignageKiosk.Shared.Updates;

/// <summary>
/// A kiosk build as it travels: a .tar.gz of the kiosk app's folder with <see cref="ManifestName"/> at its top, signed
/// detached by the operator (ECDSA P-256 over the bundle's SHA-256, the DER signature <c>openssl dgst -sha256 -sign</c>
/// writes). The same rules on the controller (at upload) and on the kiosk (before it unpacks anything).
/// </summary>
public static class BuildBundle
{
    /// <summary>The bundle's manifest: <c>{"version": "1.2.0"}</c>. Signed with everything else.</summary>
    public const string ManifestName = "kiosk-build.json";
    /// <summary>The kiosk app's entry assembly; a bundle without it is not a kiosk build.</summary>
    public const string EntryName = "SignageKiosk.Kiosk.dll";
    public const int MaxVersionLength = 64;

    public sealed record Manifest(string Version);

    public static bool IsSha256(string? value) =>
        value is { Length: 64 } && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    public static bool IsVersion(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxVersionLength && char.IsAsciiDigit(value[0])
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+' or '~');

    /// <summary>Reads an operator's public key (PEM, "BEGIN PUBLIC KEY"); null with the reason when it is not an ECDSA P-256 key.</summary>
    public static ECDsa? PublicKey(string pem, out string? problem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.KeySize != 256)
            {
                problem = $"the key is ECDSA with {key.KeySize} bits; P-256 is expected";
                key.Dispose();
                return null;
            }
            problem = null;
            return key;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            problem = "not an ECDSA public key in PEM form: " + e.Message;
            return null;
        }
    }

    /// <summary>True when <paramref name="signature"/> (DER, or the 64-byte r‖s form) is the key's signature of the bundle whose SHA-256 is <paramref name="sha256"/>.</summary>
    public static bool Verify(ECDsa key, byte[] sha256, byte[] signature)
    {
        try
        {
            return key.VerifyHash(sha256, signature, signature.Length == 64 ? DSASignatureFormat.IeeeP1363FixedFieldConcatenation : DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Signs a bundle's hash as the documented openssl command does (for tests and tools).</summary>
    public static byte[] Sign(ECDsa key, byte[] sha256) => key.SignHash(sha256, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>
    /// Where an entry may go: a relative path inside the folder, nothing climbing out of it. Only files and folders are
    /// accepted (no links, devices or pipes): a link could point anywhere on the station.
    /// </summary>
    public static string? EntryProblem(TarEntry entry)
    {
        if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.Directory))
        {
            return $"{entry.Name}: only files and folders may be in a build ({entry.EntryType})";
        }
        var name = entry.Name.Replace('\\', '/');
        if (name.StartsWith('/') || name.Split('/').Any(part => part == ".."))
        {
            return $"{entry.Name}: a path outside the build";
        }
        return null;
    }

    /// <summary>
    /// Reads a bundle through once: every entry acceptable, the manifest and the entry assembly present, no more than
    /// <paramref name="maxUnpackedBytes"/> unpacked. Answers the manifest, or throws <see cref="InvalidDataException"/> saying why not.
    /// </summary>
    public static async Task<Manifest> InspectAsync(Stream bundle, long maxUnpackedBytes, CancellationToken cancellationToken)
    {
        Manifest? manifest = null;
        var entry = false;
        long unpacked = 0;
        try
        {
            await using var gzip = new GZipStream(bundle, CompressionMode.Decompress, leaveOpen: true);
            await using var tar = new TarReader(gzip);
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } item)
            {
                if (EntryProblem(item) is { } problem)
                {
                    throw new InvalidDataException(problem);
                }
                unpacked += item.Length;
                if (unpacked > maxUnpackedBytes)
                {
                    throw new InvalidDataException($"the build unpacks to more than {maxUnpackedBytes / 1024 / 1024} MB");
                }
                var name = Normalise(item.Name);
                if (name == ManifestName && item.DataStream is { } data)
                {
                    manifest = await ReadManifestAsync(data, cancellationToken);
                }
                entry |= name == EntryName;
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or JsonException)
        {
            throw new InvalidDataException(e is InvalidDataException ? e.Message : "not a .tar.gz build: " + e.Message, e);
        }
        if (manifest is null)
        {
            throw new InvalidDataException($"the build has no {ManifestName} with its version at its top");
        }
        return entry ? manifest : throw new InvalidDataException($"the build has no {EntryName} at its top: not a kiosk build");
    }

    /// <summary>Unpacks a bundle checked by <see cref="InspectAsync"/> into <paramref name="folder"/> (which must not exist), keeping exec bits.</summary>
    public static async Task UnpackAsync(Stream bundle, string folder, long maxUnpackedBytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var root = Path.GetFullPath(folder) + Path.DirectorySeparatorChar;
        long unpacked = 0;
        await using var gzip = new GZipStream(bundle, CompressionMode.Decompress, leaveOpen: true);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } item)
        {
            if (EntryProblem(item) is { } problem)
            {
                throw new InvalidDataException(problem);
            }
            var name = Normalise(item.Name);
            if (name.Length == 0)
            {
                continue;
            }
            var target = Path.GetFullPath(Path.Combine(folder, name));
            if (!target.StartsWith(root, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{item.Name}: a path outside the build");
            }
            if (item.EntryType == TarEntryType.Directory)
            {
                Directory.CreateDirectory(target);
                continue;
            }
            unpacked += item.Length;
            if (unpacked > maxUnpackedBytes)
            {
                throw new InvalidDataException($"the build unpacks to more than {maxUnpackedBytes / 1024 / 1024} MB");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            // Executable where the build says so (the apphost, createdump, scripts); never writable by others.
            var mode = (item.Mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = mode;
            }
            await using var file = new FileStream(target, options);
            if (item.DataStream is { } data)
            {
                await data.CopyToAsync(file, cancellationToken);
            }
        }
    }

    /// <summary>Packs <paramref name="folder"/> into a bundle with its manifest (for tests and tools; operators may use tar).</summary>
    public static async Task PackAsync(string folder, string version, Stream output, CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
        await using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
        var manifest = new PaxTarEntry(TarEntryType.RegularFile, ManifestName)
        {
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            DataStream = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(new { version })),
        };
        await tar.WriteEntryAsync(manifest, cancellationToken);
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');
            if (name == ManifestName)
            {
                continue;
            }
            await tar.WriteEntryAsync(path, name, cancellationToken);
        }
    }

    private static string Normalise(string name)
    {
        var normalised = name.Replace('\\', '/');
        while (normalised.StartsWith("./", StringComparison.Ordinal))
        {
            normalised = normalised[2..];
        }
        return normalised.TrimEnd('/');
    }

    private static async Task<Manifest> ReadManifestAsync(Stream data, CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(data, cancellationToken: cancellationToken);
        var version = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString() : null;
        return IsVersion(version)
            ? new Manifest(version!)
            : throw new InvalidDataException($"{ManifestName} must give a version such as \"1.2.0\" (digits first, at most {MaxVersionLength} characters)");
    }

    /// <summary>The manifest of an unpacked build folder, or null when it has none (the packaged app).</summary>
    public static Manifest? ReadManifest(string folder)
    {
        var path = Path.Combine(folder, ManifestName);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            return document.RootElement.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String && IsVersion(v.GetString())
                ? new Manifest(v.GetString()!) : null;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }
}

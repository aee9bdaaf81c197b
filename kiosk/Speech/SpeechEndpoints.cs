using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SignageKiosk.Kiosk.Board;

namespace SignageKiosk.Kiosk.Speech;

/// <summary>The board's read-aloud (朗读): text in, WAV out, offline, for the board page on this machine only.</summary>
public static class SpeechEndpoints
{
    public const string Unavailable = "read-aloud is not available on this kiosk";

    public sealed record SpeechRequest(string? Text, double? Rate, double? Volume);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // A misspelt "speed" must not be read silently at the default rate.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static IServiceCollection AddSpeech(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SpeechOptions>(configuration.GetSection(SpeechOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SpeechSynthesizer>();
        return services;
    }

    public static void MapSpeechEndpoints(this IEndpointRouteBuilder app)
    {
        // The board page runs on this machine; nobody else may make the kiosk talk or spend its CPU.
        var speech = app.MapGroup("/speech").AddEndpointFilter(async (context, next) =>
            LocalCaller.IsLoopback(context.HttpContext.Connection.RemoteIpAddress)
                ? await next(context)
                : Error(StatusCodes.Status403Forbidden, "read-aloud is only served to the board on this kiosk"));

        // Making the kiosk talk is an action: only the board page this host served (its token) may ask.
        speech.MapPost("", ReadAloudAsync).RequireBoardPage();

        speech.MapGet("/status", async (SpeechSynthesizer synthesizer, CancellationToken cancellationToken) =>
            Results.Ok(new { available = await synthesizer.IsAvailableAsync(cancellationToken), voice = synthesizer.Voice }));
    }

    private static async Task<IResult> ReadAloudAsync(HttpContext http, SpeechSynthesizer synthesizer, IOptions<SpeechOptions> options, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!http.Request.HasJsonContentType())
        {
            // Also keeps other web pages from posting here without a CORS preflight (which is never granted).
            return Error(StatusCodes.Status415UnsupportedMediaType, "send the body as application/json");
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // Room for the longest allowed text even if every character is \u-escaped.
            limit.MaxRequestBodySize = settings.MaxCharacters * 6L + 1024;
        }

        // Parsed first, then bound, so that broken JSON and a wrong value get different messages.
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            return Error(StatusCodes.Status400BadRequest, "malformed JSON: " + e.Message);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, $"request body too large; text may have at most {settings.MaxCharacters} characters");
        }
        if (body is not JsonObject)
        {
            return Error(StatusCodes.Status400BadRequest, "the body must be a JSON object");
        }
        SpeechRequest request;
        try
        {
            request = body.Deserialize<SpeechRequest>(Json)!;
        }
        catch (JsonException e)
        {
            return Error(StatusCodes.Status400BadRequest, Describe(e));
        }
        var text = request.Text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return Error(StatusCodes.Status400BadRequest, "text is required");
        }
        if (text.Length > settings.MaxCharacters)
        {
            return Error(StatusCodes.Status400BadRequest, $"text is longer than {settings.MaxCharacters} characters");
        }
        var rate = request.Rate ?? 1.0;
        if (!(rate >= SpeechSynthesizer.MinRate && rate <= SpeechSynthesizer.MaxRate))
        {
            return Error(StatusCodes.Status400BadRequest, $"rate must be between {SpeechSynthesizer.MinRate} and {SpeechSynthesizer.MaxRate}");
        }
        var volume = request.Volume ?? 1.0;
        if (!(volume >= 0 && volume <= 1))
        {
            return Error(StatusCodes.Status400BadRequest, "volume must be between 0 and 1");
        }

        if (!await synthesizer.IsAvailableAsync(cancellationToken))
        {
            return Error(StatusCodes.Status503ServiceUnavailable, Unavailable);
        }
        try
        {
            var wav = await synthesizer.SynthesizeAsync(text, rate, volume, cancellationToken);
            http.Response.Headers.CacheControl = "no-store";
            return Results.Bytes(wav, "audio/wav");
        }
        catch (TimeoutException)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, "read-aloud took too long; try a shorter text");
        }
        catch (SpeechFailedException)
        {
            return Error(StatusCodes.Status500InternalServerError, "read-aloud failed");
        }
    }


    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    private static string Describe(JsonException e)
    {
        // System.Text.Json's messages name .NET types; say it in the request's own terms instead.
        var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
        if (e.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return $"unknown field '{field}'";
        }
        return field is null ? "the body must be a JSON object" : $"invalid value for '{field}'";
    }
}

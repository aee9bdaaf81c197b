using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SignageKiosk.Tests.Support;

/// <summary>
/// Keeps what an in-process controller logs (at the levels its configuration lets through), for tests about its log,
/// with the scopes each line was written in (the factory's shared scope provider, as the console and journald see it).
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    public sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception)
    {
        /// <summary>The named values of every scope around the line (innermost last wins).</summary>
        public IReadOnlyDictionary<string, object?> Scope { get; init; } = new Dictionary<string, object?>();
    }

    private readonly ConcurrentQueue<Entry> _entries = new();
    private IExternalScopeProvider? _scopes;

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(string category, LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
            capture._scopes?.ForEachScope(static (value, into) =>
            {
                if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, item) in pairs)
                    {
                        into[key] = item;
                    }
                }
            }, scope);
            capture._entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), exception) { Scope = scope });
        }
    }
}

namespace SignageKiosk.Tests.Support;

public static class Eventually
{
    /// <summary>Polls until the condition holds. The timeout only bounds a failing test; it asserts nothing about speed.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? timeout = null, int pollMilliseconds = 50)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        T last = default!;
        Exception? lastError = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await probe();
                if (condition(last))
                {
                    return last;
                }
                lastError = null;
            }
            catch (Exception e)
            {
                lastError = e;
            }
            await Task.Delay(pollMilliseconds);
        }
        throw new TimeoutException($"gave up waiting for {what}; last value: {last}", lastError);
    }
}

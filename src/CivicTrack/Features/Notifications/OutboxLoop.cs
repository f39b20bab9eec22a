namespace CivicTrack.Features.Notifications;

/// <summary>The loop of a background outbox: a pass, then a wait for a nudge or the poll; while the far side is down
/// (a pass says so, or throws) the waits double up to half an hour and nudges do not hurry them. A failing pass never
/// stops the app: the next one tries again.</summary>
public static class OutboxLoop
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(30);

    /// <param name="pass">One pass; true when the far side could not be reached.</param>
    /// <param name="failed">Told of an exception a pass threw (to log it).</param>
    /// <param name="passed">Called after every pass, failed or not.</param>
    public static async Task RunAsync(Func<CancellationToken, Task<bool>> pass, OutboxSignal signal, TimeSpan poll,
        Action<Exception> failed, Action? passed, CancellationToken stoppingToken)
    {
        var outages = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                outages = await pass(stoppingToken) ? outages + 1 : 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                failed(e);
                outages++;
            }
            passed?.Invoke();
            try
            {
                if (outages == 0) await signal.WaitAsync(poll, stoppingToken);
                else await Task.Delay(Backoff(poll, outages), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Doubles the wait after each failed try, up to half an hour.</summary>
    public static TimeSpan Backoff(TimeSpan poll, int outages) =>
        TimeSpan.FromTicks(Math.Min(LongestWait.Ticks, poll.Ticks * (1L << Math.Min(outages - 1, 20))));
}

namespace CivicTrack.Features.Notifications;

/// <summary>HTTP for the outboxes that send to other servers (DHIS2, the national instance): one resilience pipeline, and one rule
/// for what counts as the far side not reached.</summary>
public static class OutboxHttp
{
    /// <summary>A named client: three tries a call, a second apart, <c>{section}:TimeoutSeconds</c> (60 by default, 5–600) per
    /// attempt, and a circuit breaker; what still fails waits for the outbox's next pass.</summary>
    public static IServiceCollection AddOutboxHttpClient(this IServiceCollection services, string name, IConfiguration config, string section)
    {
        var timeout = TimeSpan.FromSeconds(Math.Clamp(config.GetValue($"{section}:TimeoutSeconds", 60), 5, 600));
        services.AddHttpClient(name).AddStandardResilienceHandler(o =>
        {
            o.Retry.MaxRetryAttempts = 2;
            o.Retry.Delay = TimeSpan.FromSeconds(1);
            o.AttemptTimeout.Timeout = timeout;
            o.TotalRequestTimeout.Timeout = timeout * 4;
            o.CircuitBreaker.SamplingDuration = timeout * 2;
        });
        return services;
    }

    /// <summary>Whether a send failed without reaching the far side (down, timed out, the circuit open), so it waits for a later pass.</summary>
    public static bool Unreached(Exception e, CancellationToken ct) =>
        e is HttpRequestException or TaskCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException
            or Polly.CircuitBreaker.BrokenCircuitException && !ct.IsCancellationRequested;
}

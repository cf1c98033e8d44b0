using System.Text.Json.Nodes;
using Geohooks.Core.Portal;

namespace Geohooks.Core.Geoprocessing.Tools;

/// <summary>
/// Waits a number of seconds on the server's clock, reporting progress each second, then succeeds — or fails with the
/// given message. For trying out clients, job polling, cancellation and GP webhooks.
/// </summary>
public sealed class WaitTool(TimeProvider time) : GpTool
{
    private const string Seconds = "Seconds";
    private const string FailWith = "Fail_With";

    public override string Name => "Wait";

    public override string Description => "Waits the given number of seconds, reporting progress, then succeeds, or fails with 'Fail_With' when it is given.";

    public override IReadOnlyList<GpParameter> Parameters { get; } =
    [
        GpParameter.Input(Seconds, GpDataType.Long, "How long to wait, 0 to 3600 seconds.", required: false, defaultValue: 5) with { Range = (0, 3600) },
        GpParameter.Input(FailWith, GpDataType.String, "When given, the job fails with this message after waiting.", required: false),
        GpParameter.Output("Waited_Seconds", GpDataType.Long, "How many seconds the job waited."),
    ];

    public override async Task<IReadOnlyDictionary<string, JsonNode?>> RunAsync(Caller caller, GpValues inputs, IGpJobContext context, CancellationToken ct)
    {
        var seconds = inputs.Long(Seconds);
        for (var waited = 0L; waited < seconds; waited++)
        {
            // The timer is set before the progress is stored, so a reader who saw the progress can move a test clock on.
            var tick = Task.Delay(TimeSpan.FromSeconds(1), time, ct);
            await context.ProgressAsync($"Waited {waited} of {seconds} seconds.", (int)(waited * 100 / seconds), ct);
            await tick;
        }

        if (inputs.String(FailWith) is { } reason)
        {
            throw GpErrors.ToolFailed(reason);
        }

        context.Message(GpMessageTypes.Informative, $"Waited {seconds} seconds.");
        return new Dictionary<string, JsonNode?> { ["Waited_Seconds"] = seconds };
    }
}

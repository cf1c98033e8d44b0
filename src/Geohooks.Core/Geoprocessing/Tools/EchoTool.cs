using System.Text.Json.Nodes;
using Geohooks.Core.Portal;

namespace Geohooks.Core.Geoprocessing.Tools;

/// <summary>Answers its text back, repeated: the task of the synchronous diagnostics service, run by <c>execute</c>.</summary>
public sealed class EchoTool : GpTool
{
    private const string Text = "Text";
    private const string Times = "Times";

    public override string Name => "Echo";

    public override string Description => "Returns the text it is given, repeated 'Times' times (separated by spaces), and its length.";

    public override IReadOnlyList<GpParameter> Parameters { get; } =
    [
        GpParameter.Input(Text, GpDataType.String, "The text to echo."),
        GpParameter.Input(Times, GpDataType.Long, "How many times, 1 to 10.", required: false, defaultValue: 1) with { Range = (1, 10) },
        GpParameter.Output("Echo", GpDataType.String, "The text, repeated."),
        GpParameter.Output("Length", GpDataType.Long, "The length of the echo in characters."),
    ];

    public override Task<IReadOnlyDictionary<string, JsonNode?>> RunAsync(Caller caller, GpValues inputs, IGpJobContext context, CancellationToken ct)
    {
        var echo = string.Join(' ', Enumerable.Repeat(inputs.String(Text)!, (int)inputs.Long(Times)));
        context.Message(GpMessageTypes.Informative, $"Echoed {echo.Length} characters for {caller.Username}.");
        return Task.FromResult<IReadOnlyDictionary<string, JsonNode?>>(new Dictionary<string, JsonNode?> { ["Echo"] = echo, ["Length"] = echo.Length });
    }
}

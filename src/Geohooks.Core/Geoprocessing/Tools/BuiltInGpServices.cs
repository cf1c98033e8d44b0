using Geohooks.Core.Features.Querying;

namespace Geohooks.Core.Geoprocessing.Tools;

/// <summary>
/// The GP services every Geohooks server offers, in the <c>Tools</c> folder. They belong to the organization: any
/// member may run them, and only its administrators manage their webhooks.
/// </summary>
public static class BuiltInGpServices
{
    public const string Folder = "Tools";

    public static GpCatalog Create(FeatureQueries queries, TimeProvider time) => new(
    [
        new GpServiceInfo(Folder, "FeatureAnalysis", "Analysis of this server's hosted feature layers: buffers and summaries.", isAsynchronous: true,
            [new BufferFeatures(queries), new SummarizeByField(queries)]),
        new GpServiceInfo(Folder, "Diagnostics", "A job that waits, then succeeds or fails as asked: for trying out clients, cancellation and GP webhooks.", isAsynchronous: true,
            [new WaitTool(time)]),
        new GpServiceInfo(Folder, "DiagnosticsSync", "A synchronous task that echoes its input, run with execute.", isAsynchronous: false,
            [new EchoTool()]),
    ]);
}

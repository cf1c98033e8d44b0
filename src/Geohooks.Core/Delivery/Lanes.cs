namespace Geohooks.Core.Delivery;

/// <summary>
/// Per-webhook queues that start deliveries in claim order (oldest event first) with at most the webhook's
/// <c>maxConcurrency</c> running. With maxConcurrency 1 a healthy receiver also gets them in order.
/// A lane exists only while it has work.
/// </summary>
internal sealed class Lanes
{
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);

    public void Enqueue(DeliveryWorker.Work work, Func<DeliveryWorker.Work, Task> process)
    {
        Lane lane;
        lock (_lanes)
        {
            if (!_lanes.TryGetValue(work.Hook.Id, out lane!))
            {
                _lanes[work.Hook.Id] = lane = new Lane();
            }

            lane.Queue.Enqueue(work);
            if (lane.Running >= work.Config.MaxConcurrency)
            {
                return;
            }

            lane.Running++;
        }

        _ = Task.Run(() => PumpAsync(work.Hook.Id, lane, process));
    }

    private async Task PumpAsync(string id, Lane lane, Func<DeliveryWorker.Work, Task> process)
    {
        while (true)
        {
            DeliveryWorker.Work next;
            lock (_lanes)
            {
                if (!lane.Queue.TryDequeue(out next!))
                {
                    lane.Running--;
                    if (lane.Running == 0)
                    {
                        _lanes.Remove(id);
                    }

                    return;
                }
            }

            await process(next);
        }
    }

    private sealed class Lane
    {
        public Queue<DeliveryWorker.Work> Queue { get; } = new();

        public int Running { get; set; }
    }
}

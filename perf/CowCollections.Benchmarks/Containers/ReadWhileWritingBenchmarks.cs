using BenchmarkDotNet.Attributes;

namespace CowCollections.Benchmarks.Containers;

/// <summary>
/// Read throughput of <see cref="CopyOnWriteList{T}"/> with 1 and 2 reader threads, with no writer (baseline)
/// and while one writer publishes continuously (SetItem on the same 100K list, as fast as it can).
/// Per-operation time = one random index read. Target: &lt;= 1.2x the no-writer read; no lock on the read path.
/// On a 2-core machine, 2 readers + 1 writer oversubscribe the cores; read the 1-reader row for the
/// interference of publication itself.
/// </summary>
public class ReadWhileWritingBenchmarks
{
    private const int Size = 100_000;
    private const int ReadsPerThread = 200_000;

    private CopyOnWriteList<int> _list = null!;
    private Thread _writer = null!;
    private ManualResetEventSlim _writing = null!;
    private volatile bool _stop;
    private long _published;

    [Params(1, 2)]
    public int Readers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _list = new CopyOnWriteList<int>(PersistentList.CreateRange(Enumerable.Range(0, Size)));
        _writing = new ManualResetEventSlim(false);
        _stop = false;
        _writer = new Thread(() =>
        {
            int i = 0;
            while (!_stop)
            {
                _writing.Wait();
                _list[i] = i;
                i = (i + 7919) % Size;
                _published++;
            }
        })
        { IsBackground = true };
        _writer.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop = true;
        _writing.Set();
        _writer.Join();
        _writing.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = ReadsPerThread)]
    public long Read_no_writer() => Read();

    [Benchmark(OperationsPerInvoke = ReadsPerThread)]
    public long Read_while_a_writer_publishes()
    {
        _writing.Set();
        try
        {
            return Read();
        }
        finally
        {
            _writing.Reset();
        }
    }

    private long Read()
    {
        var list = _list;
        if (Readers == 1)
        {
            return ReadLoop(list, 1);
        }

        var tasks = new Task<long>[Readers];
        for (int t = 0; t < tasks.Length; t++)
        {
            int seed = t + 1;
            tasks[t] = Task.Factory.StartNew(() => ReadLoop(list, seed), TaskCreationOptions.LongRunning);
        }

        long sum = 0;
        foreach (var task in tasks)
        {
            sum += task.Result;
        }

        return sum;
    }

    private static long ReadLoop(CopyOnWriteList<int> list, int seed)
    {
        long sum = 0;
        uint x = (uint)seed * 2654435761u;
        for (int i = 0; i < ReadsPerThread; i++)
        {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            sum += list[(int)(x % Size)];
        }

        return sum;
    }
}

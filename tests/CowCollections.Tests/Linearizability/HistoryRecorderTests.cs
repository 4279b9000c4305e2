using CowCollections.Linearizability;

namespace CowCollections.Tests.Linearizability;

/// <summary>The recorder: per-thread logs, pending operations, capacity, and an allocation-free hot path.</summary>
public class HistoryRecorderTests
{
    [Fact]
    public void Four_threads_record_every_operation_with_ordered_per_thread_intervals()
    {
        const int PerThread = 500;
        var recorder = new HistoryRecorder<RegisterOp<int>, RegisterResult<int>>(4, PerThread);
        var register = new LockedRegister();
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            var me = recorder.ForThread(t);
            for (int i = 0; i < PerThread; i++)
            {
                if (i % 2 == 0)
                {
                    me.Invoke(Register.Write(t * 1000 + i));
                    register.Write(t * 1000 + i);
                    me.Return(Register.Ok<int>());
                }
                else
                {
                    me.Call(Register.Read<int>(), _ => Register.Read(register.Read()));
                }
            }
        })).ToArray();
        foreach (var t in threads)
        {
            t.Start();
        }

        foreach (var t in threads)
        {
            t.Join();
        }

        var history = recorder.ToHistory();

        Assert.Equal(4 * PerThread, history.Count);
        Assert.Equal(Enumerable.Range(0, history.Count), history.Operations.Select(o => o.Id));
        Assert.True(history.Operations.Zip(history.Operations.Skip(1)).All(p => p.First.Invoke <= p.Second.Invoke));
        foreach (var perThread in history.Operations.GroupBy(o => o.Thread))
        {
            var ops = perThread.ToList();
            Assert.Equal(PerThread, ops.Count);
            Assert.All(ops, o => Assert.True(!o.IsPending && o.Invoke <= o.Response));
            Assert.True(ops.Zip(ops.Skip(1)).All(p => p.First.Response <= p.Second.Invoke));
        }

        Assert.True(LinearizabilityChecker.Check(new RegisterModel<int>(0), history).IsOk);
    }

    [Fact]
    public void An_operation_that_throws_stays_pending()
    {
        var recorder = new HistoryRecorder<RegisterOp<int>, RegisterResult<int>>(1, 4);
        var me = recorder.ForThread(0);
        me.Call(Register.Write(1), _ => Register.Ok<int>());
        Assert.Throws<TimeoutException>(() => me.Call(Register.Write(2), _ => throw new TimeoutException()));

        var history = recorder.ToHistory();

        Assert.Equal(2, history.Count);
        Assert.False(history.Operations[0].IsPending);
        Assert.True(history.Operations[1].IsPending);
        Assert.Equal(Operation<RegisterOp<int>, RegisterResult<int>>.PendingResponse, history.Operations[1].Response);
        Assert.Contains("(pending)", history.Format(), StringComparison.Ordinal);
    }

    [Fact]
    public void Recording_past_the_capacity_or_returning_without_an_invocation_throws()
    {
        var recorder = new HistoryRecorder<RegisterOp<int>, RegisterResult<int>>(1, 1);
        var me = recorder.ForThread(0);
        Assert.Throws<InvalidOperationException>(() => me.Return(Register.Ok<int>()));
        me.Record(Register.Write(1), Register.Ok<int>(), 10, 20);
        Assert.Throws<InvalidOperationException>(() => me.Invoke(Register.Read<int>()));
        Assert.Throws<InvalidOperationException>(() => me.Record(Register.Write(1), Register.Ok<int>(), 10, 20));

        var op = Assert.Single(recorder.ToHistory().Operations);
        Assert.Equal((10L, 20L), (op.Invoke, op.Response));
    }

    [Fact]
    public void Invoke_and_return_allocate_nothing()
    {
        var recorder = new HistoryRecorder<RegisterOp<int>, RegisterResult<int>>(1, 20_000);
        var me = recorder.ForThread(0);
        for (int i = 0; i < 100; i++)
        {
            me.Invoke(Register.Write(i));
            me.Return(Register.Ok<int>());
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            me.Invoke(Register.Write(i));
            me.Return(Register.Ok<int>());
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"10,000 recorded operations allocated {allocated} bytes.");
    }

    private sealed class LockedRegister
    {
        private readonly Lock _lock = new();
        private int _value;

        public void Write(int value)
        {
            lock (_lock)
            {
                _value = value;
            }
        }

        public int Read()
        {
            lock (_lock)
            {
                return _value;
            }
        }
    }
}

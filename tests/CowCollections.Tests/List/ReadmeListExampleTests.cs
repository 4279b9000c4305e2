namespace CowCollections.Tests.List;

/// <summary>The README's list quick start, compiled and checked line by line.</summary>
public class ReadmeListExampleTests
{
    [Fact]
    public void The_quick_start_does_what_the_readme_says()
    {
        PersistentList<int> v1 = [1, 2, 3];
        var v2 = v1.Add(4).SetItem(0, 10);
        var v3 = v2.Insert(2, 99).AddRange(v2);
        Assert.Equal("10,2,99,3,4,10,2,3,4", string.Join(",", v3));
        Assert.Equal([1, 2, 3], v1);

        long sum = 0;
        foreach (ReadOnlySpan<int> chunk in v3.Chunks)
        {
            foreach (var x in chunk)
            {
                sum += x;
            }
        }

        Assert.Equal(v3.Sum(), sum);

        var builder = v3.ToBuilder();
        builder.RemoveAt(0);
        builder.Add(5);
        PersistentList<int> v4 = builder.ToImmutable();
        Assert.Equal("2,99,3,4,10,2,3,4,5", string.Join(",", v4));
        Assert.Equal("10,2,99,3,4,10,2,3,4", string.Join(",", v3));

        var listeners = new CopyOnWriteList<string>();
        listeners.AddIfAbsent("audit");
        listeners.Update(l => l.Insert(0, "first"));
        var seen = new List<string>();
        foreach (var name in listeners)
        {
            seen.Add(name);
        }

        Assert.Equal(["first", "audit"], seen);
        PersistentList<string> snapshot = listeners.Snapshot;
        Assert.Equal(2, snapshot.Count);
    }
}

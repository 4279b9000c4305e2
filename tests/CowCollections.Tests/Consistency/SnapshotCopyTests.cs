namespace CowCollections.Tests.Consistency;

/// <summary>
/// Every bulk copy made through an interface (LINQ <c>ToArray</c>/<c>ToList</c>/<c>ToDictionary</c>, the
/// <c>List&lt;T&gt;</c> and <c>Dictionary&lt;TKey, TValue&gt;</c> constructors, <c>List&lt;T&gt;.AddRange</c>,
/// the containers' own constructors and <c>AddRange</c>/<c>SetItems</c>) equals one snapshot exactly while a
/// writer changes the length: no exception, no padding, no element from another version.
/// </summary>
public class SnapshotCopyTests
{
    private static readonly TimeSpan RunFor = TimeSpan.FromSeconds(1);

    /// <summary>The writer only ever publishes lists [0..k), so a copy must be 0..k-1 exactly.</summary>
    private static void AssertPrefix(IReadOnlyList<int> copy, string how)
    {
        for (int i = 0; i < copy.Count; i++)
        {
            if (copy[i] != i)
            {
                throw new Xunit.Sdk.XunitException($"{how}: element {i} of {copy.Count} is {copy[i]}; no published version holds that.");
            }
        }
    }

    private static void RunWhileWriting(Action write, params (string How, Action Read)[] readers)
    {
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        using var stop = new CancellationTokenSource();
        var writer = new Thread(() =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    write();
                }
            }
            catch (Exception ex)
            {
                failures.Enqueue(ex);
            }
        });
        var readerThreads = readers.Select(r => new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    r.Read();
                }
                catch (Exception ex)
                {
                    failures.Enqueue(new Xunit.Sdk.XunitException($"{r.How} threw {ex.GetType().Name}: {ex.Message}"));
                    return;
                }
            }
        })).ToList();
        writer.Start();
        readerThreads.ForEach(t => t.Start());
        Thread.Sleep(RunFor);
        stop.Cancel();
        Assert.True(writer.Join(TimeSpan.FromSeconds(30)));
        readerThreads.ForEach(t => Assert.True(t.Join(TimeSpan.FromSeconds(30))));
        Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures.Take(5).Select(f => f.Message)));
    }

    private static Action ListWriter(CopyOnWriteList<int> list)
    {
        var random = new Random(7);
        return () =>
        {
            switch (random.Next(4))
            {
                case 0:
                    list.Update(l => l.Add(l.Count));
                    break;
                case 1:
                    list.Update(l => l.Count == 0 ? l : l.RemoveAt(l.Count - 1));
                    break;
                default:
                    list.Clear();
                    list.AddRange(Enumerable.Range(0, random.Next(1, 200)));
                    break;
            }
        };
    }

    [Fact]
    public void List_copies_through_LINQ_List_constructors_and_AddRange_each_equal_one_snapshot_while_the_length_changes()
    {
        var list = new CopyOnWriteList<int>(Enumerable.Range(0, 50));
        RunWhileWriting(
            ListWriter(list),
            ("Enumerable.ToArray", () => AssertPrefix(Enumerable.ToArray(list), "ToArray")),
            ("Enumerable.ToList", () => AssertPrefix(Enumerable.ToList(list), "ToList")),
            ("new List<T>(container)", () => AssertPrefix(new List<int>(list), "new List<T>")),
            ("List<T>.AddRange(container)", () =>
            {
                var target = new List<int>();
                target.AddRange(list);
                AssertPrefix(target, "List<T>.AddRange");
            }),
            ("CopyOnWriteList.AddRange(container)", () =>
            {
                var target = new CopyOnWriteList<int>();
                target.AddRange(list);
                AssertPrefix(target.Snapshot, "CopyOnWriteList.AddRange");
            }),
            ("new CopyOnWriteList(container)", () => AssertPrefix(new CopyOnWriteList<int>(list).Snapshot, "new CopyOnWriteList")),
            ("PersistentList.CreateRange-like AddRange", () => AssertPrefix(PersistentList<int>.Empty.AddRange(list), "PersistentList.AddRange")),
            ("new CopyOnWriteArray(container)", () => AssertPrefix(new CopyOnWriteArray<int>(list).Snapshot, "new CopyOnWriteArray")));
    }

    [Fact]
    public void String_list_AddRange_of_another_container_never_throws_or_pads_with_nulls()
    {
        var list = new CopyOnWriteList<string>();
        var random = new Random(11);
        RunWhileWriting(
            () =>
            {
                list.Clear();
                list.AddRange(Enumerable.Range(0, random.Next(1, 300)).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            },
            ("AddRange(container)", () =>
            {
                var target = new CopyOnWriteList<string>();
                target.AddRange(list);
                AssertPrefix(target.Snapshot.Select(s => s is null ? -1 : int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList(), "AddRange");
            }),
            ("Enumerable.ToList", () => AssertPrefix(Enumerable.ToList(list).Select(s => s is null ? -1 : int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList(), "ToList")));
    }

    /// <summary>The writer only ever publishes {i: i + 1 | i in [0..k)}; default(KeyValuePair) is (0, 0), which no version holds.</summary>
    private static void AssertDictionaryPrefix(IEnumerable<KeyValuePair<int, int>> copy, string how)
    {
        var pairs = copy.ToList();
        var keys = new HashSet<int>();
        foreach (var pair in pairs)
        {
            if (pair.Value != pair.Key + 1 || !keys.Add(pair.Key))
            {
                throw new Xunit.Sdk.XunitException($"{how}: entry ({pair.Key}, {pair.Value}) no published version holds (or is repeated).");
            }
        }

        if (keys.Count != 0 && (keys.Min() != 0 || keys.Max() != keys.Count - 1))
        {
            throw new Xunit.Sdk.XunitException($"{how}: the keys are not 0..{keys.Count - 1}.");
        }
    }

    [Fact]
    public void Dictionary_copies_through_LINQ_Dictionary_constructors_and_SetItems_each_equal_one_snapshot_while_the_count_changes()
    {
        var dictionary = new CopyOnWriteDictionary<int, int>();
        var random = new Random(5);
        RunWhileWriting(
            () =>
            {
                switch (random.Next(3))
                {
                    case 0:
                        dictionary.Update(d => d.SetItem(d.Count, d.Count + 1));
                        break;
                    case 1:
                        dictionary.Update(d => d.Count == 0 ? d : d.Remove(d.Count - 1));
                        break;
                    default:
                        dictionary.Clear();
                        dictionary.SetItems(Enumerable.Range(0, random.Next(1, 100)).Select(i => KeyValuePair.Create(i, i + 1)));
                        break;
                }
            },
            ("Enumerable.ToArray", () => AssertDictionaryPrefix(Enumerable.ToArray(dictionary), "ToArray")),
            ("Enumerable.ToList", () => AssertDictionaryPrefix(Enumerable.ToList(dictionary), "ToList")),
            ("Enumerable.ToDictionary", () => AssertDictionaryPrefix(dictionary.ToDictionary(), "ToDictionary")),
            ("new Dictionary(container)", () => AssertDictionaryPrefix(new Dictionary<int, int>(dictionary), "new Dictionary")),
            ("new List<KeyValuePair>(container)", () => AssertDictionaryPrefix(new List<KeyValuePair<int, int>>(dictionary), "new List")),
            ("new CopyOnWriteDictionary(container)", () => AssertDictionaryPrefix(new CopyOnWriteDictionary<int, int>(dictionary).Snapshot, "new CopyOnWriteDictionary")),
            ("CopyOnWriteDictionary.SetItems(container)", () =>
            {
                var target = new CopyOnWriteDictionary<int, int>();
                target.SetItems(dictionary);
                AssertDictionaryPrefix(target.Snapshot, "SetItems");
            }));
    }

    [Fact]
    public void Array_copies_through_LINQ_List_constructors_and_other_containers_each_equal_one_snapshot_while_writers_run()
    {
        // Fixed length; the writer publishes whole generations (every slot = g) across several chunks.
        const int Length = 700;
        var array = new CopyOnWriteArray<int>(Length);
        int generation = 0;
        void AssertOneGeneration(IReadOnlyList<int> copy, string how)
        {
            Assert.Equal(Length, copy.Count);
            for (int i = 1; i < copy.Count; i++)
            {
                if (copy[i] != copy[0])
                {
                    throw new Xunit.Sdk.XunitException($"{how}: slots of two generations ({copy[0]} and {copy[i]}).");
                }
            }
        }

        RunWhileWriting(
            () =>
            {
                int g = ++generation;
                array.SetItems(Enumerable.Range(0, Length).Select(i => KeyValuePair.Create(i, g)));
            },
            ("Enumerable.ToArray", () => AssertOneGeneration(Enumerable.ToArray(array), "ToArray")),
            ("Enumerable.ToList", () => AssertOneGeneration(Enumerable.ToList(array), "ToList")),
            ("new List<T>(container)", () => AssertOneGeneration(new List<int>(array), "new List<T>")),
            ("new CopyOnWriteArray(container)", () => AssertOneGeneration(new CopyOnWriteArray<int>(array).Snapshot, "new CopyOnWriteArray")),
            ("CopyOnWriteList.AddRange(container)", () =>
            {
                var target = new CopyOnWriteList<int>();
                target.AddRange(array);
                AssertOneGeneration(target.Snapshot, "CopyOnWriteList.AddRange");
            }));
    }
}

/// <summary>The per-thread pairing of an interface count with the copy that follows it, step by step.</summary>
public class CountThenCopyPairingTests
{
    [Fact]
    public void A_copy_after_an_interface_count_copies_the_counted_version_when_the_count_changed_and_only_once()
    {
        var list = new CopyOnWriteList<int>([0, 1, 2]);
        ICollection<int> collection = list;
        int counted = collection.Count;
        list.Add(3);
        var copy = new int[counted];
        collection.CopyTo(copy, 0);
        Assert.Equal([0, 1, 2], copy);

        // The remembered version served that copy; the next copy is the current version.
        var next = new int[list.Count];
        collection.CopyTo(next, 0);
        Assert.Equal([0, 1, 2, 3], next);
    }

    [Fact]
    public void A_copy_after_an_interface_count_and_an_enumeration_or_an_index_read_copies_the_current_version()
    {
        var list = new CopyOnWriteList<int>([0, 1, 2]);
        IList<int> asList = list;
        _ = asList.Count;
        list.Add(3);
        foreach (int unused in asList)
        {
        }

        var copy = new int[4];
        asList.CopyTo(copy, 0);
        Assert.Equal([0, 1, 2, 3], copy);

        _ = asList.Count;
        list.Add(4);
        _ = asList[0];
        var again = new int[5];
        asList.CopyTo(again, 0);
        Assert.Equal([0, 1, 2, 3, 4], again);
    }

    [Fact]
    public void A_copy_when_the_count_did_not_change_is_the_current_version_and_other_threads_do_not_share_the_pairing()
    {
        var list = new CopyOnWriteList<int>([0, 1, 2]);
        ICollection<int> collection = list;
        _ = collection.Count;
        list[0] = 9;
        var copy = new int[3];
        collection.CopyTo(copy, 0);
        Assert.Equal([9, 1, 2], copy);

        _ = collection.Count;
        list.Add(3);
        int[]? fromOtherThread = null;
        var other = new Thread(() =>
        {
            fromOtherThread = new int[4];
            collection.CopyTo(fromOtherThread, 0);
        });
        other.Start();
        other.Join();
        Assert.NotNull(fromOtherThread);
        Assert.Equal([9, 1, 2, 3], fromOtherThread);
    }

    /// <summary>Found by the recorded-history workload: LINQ's ToArray reads a count of 0 and skips the copy, which must not leave the empty version to a later copy.</summary>
    [Fact]
    public void An_interface_count_of_zero_is_not_remembered_so_a_later_copy_is_the_current_version()
    {
        var list = new CopyOnWriteList<int>();
        Assert.Empty(list.ToArray());
        list.Add(1);
        list.Add(2);
        var copy = new[] { -1, -1, -1 };
        list.CopyTo(copy, 0);
        Assert.Equal([1, 2, -1], copy);

        var dictionary = new CopyOnWriteDictionary<int, int>();
        Assert.Empty(dictionary.ToArray());
        dictionary[5] = 23;
        var entries = new KeyValuePair<int, int>[2];
        ((ICollection<KeyValuePair<int, int>>)dictionary).CopyTo(entries, 0);
        Assert.Equal(KeyValuePair.Create(5, 23), entries[0]);
    }

    [Fact]
    public void A_dictionary_copy_after_an_interface_count_copies_the_counted_version()
    {
        var dictionary = new CopyOnWriteDictionary<int, int>();
        dictionary.SetItems([KeyValuePair.Create(1, 1), KeyValuePair.Create(2, 2)]);
        ICollection<KeyValuePair<int, int>> collection = dictionary;
        var copy = new KeyValuePair<int, int>[collection.Count];
        dictionary.TryAdd(3, 3);
        collection.CopyTo(copy, 0);
        Assert.Equal([1, 2], copy.Select(p => p.Key).Order());
    }
}

using CowCollections.Segments;

namespace CowCollections.Fuzz;

/// <summary>The seed corpus: small well-formed segment files of every record kind, each in both modes.</summary>
internal static class SeedCorpus
{
    public static void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        string scratch = Path.Combine(Path.GetTempPath(), "cow-fuzz-seeds-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratch);
        try
        {
            foreach (var (name, make) in Files())
            {
                string path = Path.Combine(scratch, name + ".seg");
                using (var file = SegmentFile.OpenWrite(path, new SegmentWriteOptions { FlushToDisk = false }))
                {
                    make(file);
                }

                var bytes = File.ReadAllBytes(path);
                File.WriteAllBytes(Path.Combine(directory, name + "-raw"), SegmentFuzzTarget.Compress(bytes, 0));
                File.WriteAllBytes(Path.Combine(directory, name + "-fixed"), SegmentFuzzTarget.Compress(bytes, 1));
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static IEnumerable<(string Name, Action<SegmentFile> Make)> Files()
    {
        yield return ("empty", _ => { });
        yield return ("list-small", f => f.Commit("xs", PersistentList.Create(1, 2, 3)));
        yield return ("list-tree", f => f.Commit("xs", PersistentList.CreateRange(Enumerable.Range(0, 80))));
        yield return ("list-relaxed", f => f.Commit("xs", PersistentList.CreateRange(Enumerable.Range(0, 70)).Insert(5, -1).RemoveAt(40)));
        yield return ("list-strings", f => f.Commit("names", PersistentList.Create("a", "bb", "", "ccc")));
        yield return ("array", f => f.Commit("arr", PersistentArray.CreateRange(Enumerable.Range(0, 40))));
        yield return ("dictionary-strings", f => f.Commit("d", PersistentDictionary.CreateRange(Enumerable.Range(0, 40).Select(i => KeyValuePair.Create($"k{i}", $"v{i}")))));
        yield return ("dictionary-ints", f => f.Commit("d", PersistentDictionary.CreateRange(Enumerable.Range(0, 12).Select(i => KeyValuePair.Create(i, -i)))));
        yield return ("history", f =>
        {
            var xs = PersistentList.Create(1, 2, 3);
            f.Commit("xs", xs);
            f.BeginCommit().SetList("xs", xs.Add(4)).SetDictionary("d", PersistentDictionary.CreateRange([KeyValuePair.Create("a", "b")])).Commit();
            f.BeginCommit().Remove("xs").Commit();
        });
        yield return ("compacted", f =>
        {
            f.Commit("xs", PersistentList.Create(1, 2, 3));
            f.Commit("xs", PersistentList.Create(4, 5));
            f.Compact();
        });
    }
}

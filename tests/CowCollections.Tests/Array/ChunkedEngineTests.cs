using CowCollections.Internal;
using CowCollections.Internal.ChunkedArray;
using CowCollections.Tests.Conformance;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CowCollections.Tests.Arrays;

/// <summary>
/// The chunked-array engine over the 4-way test trie (<see cref="TinyGeometry"/>): with 16 64-byte structs
/// per chunk, a few thousand elements make a chunk directory five or six levels deep, so resize (slice +
/// concatenation), path copies and builder ownership are exercised across relaxed and deep nodes.
/// </summary>
public class ChunkedEngineTests
{
    private static readonly int[] Lengths = [0, 1, 15, 16, 17, 63, 64, 65, 80, 81, 255, 256, 257, 1023, 1024, 1025, 4096, 5000, 16_400];

    [Property(MaxTest = 60)]
    public Property Deep_tiny_trie_matches_the_model() =>
        Prop.ForAll(ArrayModelTests.Scenarios(Lengths.Length, 24), Run);

    private static void Run(ArrayScenario s)
    {
        int length = Lengths[s.Start];
        var model = Enumerable.Range(0, length).Select(Elements.Big).ToArray();
        var core = s.Zeroed ? ChunkedCore<Big64, TinyGeometry>.Filled(length, default) : ChunkedCore<Big64, TinyGeometry>.From(model);
        if (s.Zeroed)
        {
            model = new Big64[length];
        }

        var versions = new List<(ChunkedCore<Big64, TinyGeometry> Core, Big64[] Model)>();
        ChunkChecker<Big64, TinyGeometry>.Check(core);
        foreach (var op in s.Ops)
        {
            int n = model.Length;
            var rng = new Random(op.C);
            model = (Big64[])model.Clone();
            switch (op.Kind % 6)
            {
                case 0 when n > 0:
                    core.SetItem(op.A % n, Big64.From(op.B));
                    model[op.A % n] = Big64.From(op.B);
                    break;
                case 1 or 2:
                {
                    int newLength = op.Kind == 1 ? Lengths[op.A % Lengths.Length] : Math.Max(0, n + (op.A % 40) - 20);
                    core.Resize(newLength);
                    var next = new Big64[newLength];
                    model.AsSpan(0, Math.Min(n, newLength)).CopyTo(next);
                    model = next;
                    break;
                }

                case 3 when n > 0:
                {
                    // A transient edit: owner token, in-place writes on owned chunks, then frozen.
                    core.Chunks.Owner = new EditToken();
                    for (int k = 0; k < 1 + op.B % 64; k++)
                    {
                        int i = rng.Next(n);
                        var v = Big64.From(rng.Next());
                        core.WritableRef(i) = v;
                        model[i] = v;
                        ChunkChecker<Big64, TinyGeometry>.Check(core);
                    }

                    core = core.Frozen();
                    break;
                }

                case 4 when n > 0:
                {
                    core.Chunks.Owner = (op.A & 1) == 0 ? null : new EditToken();
                    int start = op.A % n;
                    int count = op.B % (n - start + 1);
                    var v = (op.C & 1) == 0 ? default : Big64.From(op.C);
                    core.Fill(start, count, v);
                    model.AsSpan(start, count).Fill(v);
                    core = core.Frozen();
                    break;
                }

                case 5 when n > 0:
                {
                    int start = op.A % n;
                    var values = Enumerable.Range(op.B % 100, op.C % (n - start + 1)).Select(Big64.From).ToArray();
                    core.SetRange(start, values);
                    values.CopyTo(model, start);
                    break;
                }
            }

            ChunkChecker<Big64, TinyGeometry>.Check(core);
            Assert.Equal(model, core.ToArray());
            versions.Add((core, model));
        }

        foreach (var (version, expected) in versions)
        {
            ChunkChecker<Big64, TinyGeometry>.Check(version);
            Assert.Equal(expected, version.ToArray());
            for (int i = 0; i < expected.Length; i += 37)
            {
                Assert.Equal(expected[i], version.ItemRef(i));
            }
        }
    }

    [Fact]
    public void Sixteen_thousand_big_structs_make_a_deep_tiny_trie()
    {
        var core = ChunkedCore<Big64, TinyGeometry>.From(Enumerable.Range(0, 16_400).Select(Big64.From).ToArray());
        ChunkChecker<Big64, TinyGeometry>.Check(core);
        Assert.True(core.Chunks.Shift / TrieGeometry.TinyBits >= 4, $"shift {core.Chunks.Shift}");
    }
}

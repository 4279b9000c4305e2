using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using CowCollections.Internal;
using CowCollections.Internal.VectorTrie;

namespace CowCollections.Benchmarks.List;

/// <summary>
/// The A/B of the segment layer's lazy-children hook on the in-memory read path, in one run: the library's
/// indexer (<c>With_lazy_hook</c>) against a copy of the same descent with the load check removed
/// (<c>Without_lazy_hook</c>), over the same list. A pending node is always relaxed, so the radix path of a
/// balanced tree has no check at all, and the relaxed path has one field test per relaxed level; the
/// <see cref="Shape"/> parameter measures both. Target: the hook costs &lt;= 3%.
/// 1,024 precomputed random indices per invocation (hot set); times are per read.
/// </summary>
[MemoryDiagnoser]
public class ListLazyHookBenchmarks
{
    private const int Reads = 1024;
    private PersistentList<int> _list = PersistentList<int>.Empty;
    private int[] _indices = [];

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int Size { get; set; }

    /// <summary>Balanced: built by <c>CreateRange</c>. Relaxed: 64 concatenated pieces with inserts between, so every level above the leaves has size tables.</summary>
    [Params("Balanced", "Relaxed")]
    public string Shape { get; set; } = "Balanced";

    [GlobalSetup]
    public void Setup()
    {
        if (Shape == "Balanced")
        {
            _list = PersistentList.CreateRange(Enumerable.Range(0, Size));
        }
        else
        {
            var list = PersistentList<int>.Empty;
            int piece = Math.Max(1, Size / 64);
            for (int start = 0; start < Size; start += piece)
            {
                list = list.AddRange(PersistentList.CreateRange(Enumerable.Range(start, Math.Min(piece, Size - start)))).Insert(list.Count / 2, -1);
            }

            _list = list;
        }

        var random = new Random(42);
        _indices = Enumerable.Range(0, Reads).Select(_ => random.Next(_list.Count)).ToArray();
        if (With_lazy_hook() != Without_lazy_hook())
        {
            throw new InvalidOperationException("The hook-free copy of the descent reads different elements.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Reads)]
    public long Without_lazy_hook()
    {
        var core = _list.Core;
        long sum = 0;
        foreach (int i in _indices)
        {
            sum += NoHook.Item(core, i);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Reads)]
    public long With_lazy_hook()
    {
        var list = _list;
        long sum = 0;
        foreach (int i in _indices)
        {
            sum += list[i];
        }

        return sum;
    }

    /// <summary>The library's read path (tail test, radix descent, relaxed search) with the pending-node check taken out.</summary>
    private static class NoHook
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Item(in ListCore<int, DefaultGeometry> core, int index)
        {
            var tail = core.Tail;
            int inTail = index - (core.Count - tail.Length);
            if ((uint)inTail < (uint)tail.Length)
            {
                return tail[inTail];
            }

            var root = core.Root!;
            int shift = core.Shift;
            if (root.Sizes is not null)
            {
                return Relaxed(root, shift, index);
            }

            var node = root;
            while (shift > DefaultGeometry.LeafBits)
            {
                node = Unsafe.As<TrieNode>(node.Slot((index >> shift) & DefaultGeometry.Mask));
                shift -= DefaultGeometry.Bits;
            }

            var leaf = Unsafe.As<int[]>(node.Slot((index >> shift) & DefaultGeometry.Mask));
            return Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(leaf), index & DefaultGeometry.LeafMask);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int Relaxed(TrieNode node, int shift, int index)
        {
            while (node.Sizes is { } sizes)
            {
                ref int size = ref MemoryMarshal.GetArrayDataReference(sizes);
                int slot = Math.Min(index >> shift, sizes.Length - 1);
                while (slot > 0 && Unsafe.Add(ref size, slot - 1) > index)
                {
                    slot--;
                }

                while (Unsafe.Add(ref size, slot) <= index)
                {
                    slot++;
                }

                if (slot > 0)
                {
                    index -= Unsafe.Add(ref size, slot - 1);
                }

                var child = node.Slot(slot);
                if (shift == DefaultGeometry.LeafBits)
                {
                    return Unsafe.As<int[]>(child)[index];
                }

                node = Unsafe.As<TrieNode>(child);
                shift -= DefaultGeometry.Bits;
            }

            while (shift > DefaultGeometry.LeafBits)
            {
                node = Unsafe.As<TrieNode>(node.Slot((index >> shift) & DefaultGeometry.Mask));
                shift -= DefaultGeometry.Bits;
            }

            return Unsafe.As<int[]>(node.Slot((index >> shift) & DefaultGeometry.Mask))[index & DefaultGeometry.LeafMask];
        }
    }
}

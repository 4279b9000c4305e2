using CowCollections.Linearizability;
using CowCollections.Tests.Support;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace CowCollections.Tests.Linearizability;

/// <summary>
/// Random histories with a known verdict, for every model. Each case draws a seed (printed in any failure,
/// and the FsCheck seed is printed by <see cref="SeededProperty"/>): operations run on a real BCL structure,
/// each at its own linearization point. Intervals drawn around those points overlap, yet the history is
/// linearizable; laid out one after another and with one observable output changed, it must be illegal
/// (a sequential history has a single order, and the specifications are deterministic).
/// </summary>
public class LinearizabilityPropertyTests(ITestOutputHelper output)
{
    private const int Tests = 60;

    [Fact]
    public void Register_histories_around_linearization_points_are_legal_and_one_changed_output_is_illegal()
    {
        Property(new RegisterModel<int>(0), () =>
        {
            int value = 0;
            return random =>
            {
                var op = random.Next(3) switch
                {
                    0 => Register.Read<int>(),
                    1 => Register.Write(random.Next(5)),
                    _ => Register.Cas(random.Next(5), random.Next(5)),
                };
                RegisterResult<int> result;
                switch (op.Kind)
                {
                    case RegisterOpKind.Read:
                        result = Register.Read(value);
                        break;
                    case RegisterOpKind.Write:
                        value = op.Value;
                        result = Register.Ok<int>();
                        break;
                    default:
                        bool swapped = value == op.Expected;
                        value = swapped ? op.Value : value;
                        result = Register.Cas<int>(swapped);
                        break;
                }

                return (op, result);
            };
        }, (random, op, result) => op.Kind switch
        {
            RegisterOpKind.Read => Register.Read(result.Value + 1 + random.Next(3)),
            RegisterOpKind.CompareAndSet => Register.Cas<int>(!result.Success),
            _ => null,
        });
    }

    [Fact]
    public void List_histories_around_linearization_points_are_legal_and_one_changed_output_is_illegal()
    {
        Property(new ListModel<int>(), () =>
        {
            var list = new List<int>();
            return random =>
            {
                int index = random.Next(6);
                int value = random.Next(10);
                var op = random.Next(16) switch
                {
                    < 4 => ListOps.Add(value),
                    < 6 => ListOps.Insert(index, value),
                    < 8 => ListOps.RemoveAt<int>(index),
                    < 10 => ListOps.Set(index, value),
                    < 12 => ListOps.Get<int>(index),
                    < 13 => ListOps.Count<int>(),
                    < 15 => ListOps.Snapshot<int>(),
                    _ => ListOps.Clear<int>(),
                };
                return (op, ReferenceStructures.Apply(list, op));
            };
        }, (random, op, result) => result.OutOfRange ? ListOps.Done<int>() : op.Kind switch
        {
            ListOpKind.Get => ListOps.Value(result.Value + 1 + random.Next(3)),
            ListOpKind.Count => ListOps.OfCount<int>(result.Count + 1),
            ListOpKind.Snapshot => ListOps.Items(result.Items.Add(random.Next(10))),
            _ => ListOps.OutOfRange<int>(),
        });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Dictionary_histories_around_linearization_points_are_legal_and_one_changed_output_is_illegal(bool wholeStateReads)
    {
        Property(new DictionaryModel<int, int>(), () =>
        {
            var dictionary = new Dictionary<int, int>();
            return random =>
            {
                int key = random.Next(4);
                var op = random.Next(wholeStateReads ? 6 : 4) switch
                {
                    0 => DictionaryOps.Set(key, random.Next(5)),
                    1 => DictionaryOps.Remove<int, int>(key),
                    2 => DictionaryOps.TryGet<int, int>(key),
                    3 => DictionaryOps.ContainsKey<int, int>(key),
                    4 => DictionaryOps.Count<int, int>(),
                    _ => DictionaryOps.Snapshot<int, int>(),
                };
                return (op, ReferenceStructures.Apply(dictionary, op));
            };
        }, (random, op, result) => op.Kind switch
        {
            DictionaryOpKind.Remove or DictionaryOpKind.ContainsKey => DictionaryOps.Found<int, int>(!result.Found),
            DictionaryOpKind.TryGet => result.Found ? DictionaryOps.Value<int, int>(result.Value + 1 + random.Next(3)) : DictionaryOps.Value<int, int>(random.Next(5)),
            DictionaryOpKind.Count => DictionaryOps.OfCount<int, int>(result.Count + 1),
            DictionaryOpKind.Snapshot => DictionaryOps.Items<int, int>(result.Items.Add(new(100, 0))),
            _ => null,
        });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Set_histories_around_linearization_points_are_legal_and_one_changed_output_is_illegal(bool wholeStateReads)
    {
        Property(new SetModel<int>(), () =>
        {
            var set = new HashSet<int>();
            return random =>
            {
                int value = random.Next(5);
                var op = random.Next(wholeStateReads ? 5 : 3) switch
                {
                    0 => SetOps.Add(value),
                    1 => SetOps.Remove(value),
                    2 => SetOps.Contains(value),
                    3 => SetOps.Count<int>(),
                    _ => SetOps.Snapshot<int>(),
                };
                return (op, ReferenceStructures.Apply(set, op));
            };
        }, (random, op, result) => op.Kind switch
        {
            SetOpKind.Count => SetOps.OfCount<int>(result.Count + 1),
            SetOpKind.Snapshot => SetOps.Items(result.Items.Add(100)),
            _ => SetOps.Bool<int>(!result.Result),
        });
    }

    /// <summary>
    /// Runs the property: <paramref name="reference"/> makes a fresh reference structure's step function;
    /// <paramref name="mutate"/> gives a different, observable output for an operation (null when the kind answers nothing).
    /// </summary>
    private void Property<TState, TInput, TOutput>(
        ILinearizabilityModel<TState, TInput, TOutput> model,
        Func<Func<Random, (TInput Input, TOutput Output)>> reference,
        Func<Random, TInput, TOutput, TOutput?> mutate)
        where TOutput : struct
    {
        SeededProperty.Check(output, Gen.Choose(0, int.MaxValue), seed =>
        {
            var random = new Random(seed);
            int count = random.Next(1, 120);
            var step = reference();
            var ops = Enumerable.Range(0, count).Select(_ => step(random)).ToArray();
            string label = "case seed " + seed.ToString(System.Globalization.CultureInfo.InvariantCulture);

            // Legal: operation i takes effect at 100 i inside an interval drawn around that point; a few never return.
            var overlapping = ops.Select((o, i) =>
            {
                long point = 100L * (i + 1);
                long invoke = point - random.Next(250);
                long response = random.Next(30) == 0 ? Operation<TInput, TOutput>.PendingResponse : point + random.Next(250);
                return new Operation<TInput, TOutput>(i, i % 4, o.Input, o.Output, invoke, response);
            });
            var legal = LinearizabilityChecker.Check(model, new History<TInput, TOutput>(overlapping), new CheckOptions { Seed = label });
            Assert.True(legal.IsOk, legal.Report);

            // Illegal: the same operations one after another, with one observable output changed.
            var mutable = Enumerable.Range(0, count).Where(i => mutate(new Random(0), ops[i].Input, ops[i].Output) is not null).ToArray();
            if (mutable.Length == 0)
            {
                return;
            }

            int victim = mutable[random.Next(mutable.Length)];
            var sequential = ops.Select((o, i) => new Operation<TInput, TOutput>(
                i, i % 4, o.Input, i == victim ? mutate(random, o.Input, o.Output)!.Value : o.Output, 10L * i, (10L * i) + 5));
            var illegal = LinearizabilityChecker.Check(model, new History<TInput, TOutput>(sequential), new CheckOptions { Seed = label, ShrinkBudget = TimeSpan.FromMilliseconds(200) });
            Assert.True(illegal.Outcome == CheckOutcome.Illegal, $"{label}: changing operation #{victim}'s output to a wrong one was not caught ({illegal.Outcome}).{Environment.NewLine}{illegal.Report}");
        }, Tests);
    }
}

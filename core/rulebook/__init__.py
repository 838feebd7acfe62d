"""The rule catalog shared by frameworks (validation) and scoring (the engine): the safe formula parser
(`formula`) and the rule types with their parameters (`params`)."""

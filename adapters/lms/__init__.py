"""Where learners' results come from: the LMS's services, in our words."""

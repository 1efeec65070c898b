"""Every response code Kith answers with, one member per outcome (API.md §1.1).

The numbers of the original personal-CRM server are kept. New codes take free numbers
in their domain's range: 1xx accounts, 2xx contacts, 3xx friends, 4xx stories, 5xx
groups and events, 6xx calendars/scheduling, 7xx jobs/locations, 8xx support/chat and
9xx generic outcomes.
"""

from enum import IntEnum


class Code(IntEnum):
    """A response code; ``Code.X.msg`` is its default human message."""

    msg: str

    def __new__(cls, value: int, msg: str) -> "Code":
        obj = int.__new__(cls, value)
        obj._value_ = value
        obj.msg = msg
        return obj

    # --- 1xx accounts ---------------------------------------------------------
    LOGIN_SUCCEEDED = 100, "Logged in."
    LOGIN_FAILED = 101, "Wrong login or password."
    LOGIN_EMAIL_INVALID = 102, "The login email is malformed."
    LOGIN_PASSWORD_INVALID = 103, "The password is missing or malformed."
    LOGIN_EMAIL_UNVERIFIED = 104, "Verify your email address before logging in."
    ACCOUNT_CREATED = 105, "Account created."
    REGISTER_EMAIL_INVALID = 106, "This email address is invalid or already registered."
    REGISTER_PASSWORD_WEAK = 107, "The password does not meet the password policy."
    REGISTER_FAILED = 108, "The account could not be created."
    UPDATE_PASSWORD_WEAK = 109, "The new password does not meet the password policy."
    UPDATE_EMAIL_INVALID = 110, "This email address is invalid or already registered."
    PROFILE_UPDATED = 111, "Profile updated."
    PROFILE_UPDATE_FAILED = 112, "The profile could not be updated."
    REGISTER_USERNAME_TAKEN = 113, "This username is already taken."
    TOKENS_REFRESHED = 114, "Tokens refreshed."
    LOGGED_OUT = 115, "Logged out; the token is disabled."
    EMAIL_VERIFIED = 116, "Email address verified."
    VERIFICATION_TOKEN_INVALID = 117, "The verification link is invalid or has expired."
    VERIFICATION_SENT = (
        118,
        "If the address belongs to an unverified account, a mail is on its way.",
    )
    PASSWORD_RESET_SENT = 119, "If the address belongs to an account, a reset mail is on its way."
    TOKEN_INVALID = 120, "Token authentication failed."
    PASSWORD_RESET_DONE = 121, "Password reset; log in with the new password."
    PASSWORD_RESET_TOKEN_INVALID = 122, "The reset link is invalid or has expired."
    PASSWORD_CHANGED = 123, "Password changed."
    PASSWORD_CURRENT_WRONG = 124, "The current password is wrong."
    USER_RETRIEVED = 125, "User information retrieved."
    USERNAME_AVAILABLE = 126, "The username does not exist."
    USERNAME_TAKEN = 127, "The username exists."
    USERNAME_INVALID = 128, "Usernames are 4 to 32 characters of a-z, 0-9 and _."
    AVATAR_UPDATED = 129, "Avatar updated."
    AVATAR_REMOVED = 130, "Avatar removed."
    ACCOUNT_DELETED = 131, "Account deleted."
    ACCOUNT_DELETE_PASSWORD_WRONG = 132, "The password is wrong; the account was kept."
    USERS_LISTED = 133, "Users listed."
    USER_NOT_FOUND = 134, "User not found."
    PASSWORD_MISMATCH = 135, "The new password and its confirmation differ."

    # --- 2xx contacts ---------------------------------------------------------
    CONTACT_ADDED = 200, "Contact added."
    CONTACT_ADD_FAILED = 201, "The contact could not be added."
    CONTACT_DELETED = 205, "Contact deleted."
    CONTACT_UPDATED = 210, "Contact updated."
    CONTACT_UPDATE_FAILED = 211, "The contact could not be updated."
    CONTACT_NOT_FOUND = 212, "Contact not found."
    CONTACTS_LISTED = 215, "Contacts retrieved."
    CONTACT_RETRIEVED = 220, "Contact retrieved."

    # --- 3xx friends ----------------------------------------------------------

    # --- 4xx stories ----------------------------------------------------------
    STORY_ADDED = 400, "Story added."
    STORY_ADD_FAILED = 401, "The story could not be added."
    STORIES_LISTED = 405, "Stories retrieved."
    STORIES_LIST_FAILED = 406, "The stories could not be listed."
    STORY_RETRIEVED = 410, "Story retrieved."
    STORY_RETRIEVE_FAILED = 411, "The story could not be retrieved."
    STORY_UPDATED = 415, "Story updated."
    STORY_UPDATE_FAILED = 416, "The story could not be updated."
    STORY_NOT_FOUND = 421, "Story not found."
    STORY_DELETED = 425, "Story deleted."

    # --- 5xx groups and events ------------------------------------------------
    GROUP_CREATED = 500, "Group created."
    GROUP_CREATE_FAILED = 501, "The group could not be created."
    GROUP_DELETE_FAILED = 502, "The group could not be deleted."
    GROUP_DELETED = 503, "Group deleted."
    GROUP_CONTACT_REMOVED = 504, "Contact removed from the group."
    GROUP_CONTACT_REMOVE_FAILED = 505, "The contact could not be removed from the group."
    GROUP_CONTACT_ADD_FAILED = 506, "The contact could not be added to the group."
    GROUP_CONTACT_ADDED = 507, "Contact added to the group."
    UPCOMING_BIRTHDAYS_LISTED = 509, "Upcoming birthdays listed."
    EVENT_CREATE_FAILED = 512, "The event could not be created."
    EVENT_CREATED = 513, "Event created."
    EVENT_DELETE_FAILED = 514, "The event could not be deleted."
    EVENT_DELETED = 515, "Event deleted."
    EVENT_NOT_FOUND = 516, "Event not found."
    EVENTS_LISTED = 517, "Events listed."
    EVENT_UPDATE_FAILED = 518, "The event could not be updated."
    EVENT_UPDATED = 519, "Event updated."

    # --- 6xx calendars and scheduling -----------------------------------------

    # --- 7xx jobs and locations -----------------------------------------------
    JOBS_LISTED = 700, "Jobs listed."
    JOB_RETRIEVED = 701, "Job retrieved."
    JOB_CREATED = 702, "Job created."
    JOB_UPDATED = 703, "Job updated."
    JOB_DELETED = 704, "Job deleted."
    JOB_CREATE_FAILED = 705, "The job could not be created."
    JOB_UPDATE_FAILED = 706, "The job could not be updated."
    JOB_NOT_FOUND = 707, "Job not found."
    JOBS_FILTER_INVALID = 708, "The job filters are invalid."
    JOB_NOT_OWNER = 709, "Only the job's owner may change it."
    JOB_PICTURE_ADDED = 710, "Picture added."
    JOB_PICTURE_REMOVED = 711, "Picture removed."
    JOB_PICTURE_INVALID = 712, "The picture could not be added."
    JOB_PICTURE_NOT_FOUND = 713, "Picture not found."
    JOB_PICTURE_UPDATED = 714, "Picture updated."
    JOB_PICTURE_LIMIT = 715, "This job already has the maximum number of pictures."
    REVIEWS_LISTED = 720, "Reviews listed."
    REVIEW_CREATED = 721, "Review created."
    REVIEW_UPDATED = 722, "Review updated."
    REVIEW_DELETED = 723, "Review deleted."
    REVIEW_CREATE_FAILED = 724, "The review could not be created."
    REVIEW_UPDATE_FAILED = 725, "The review could not be updated."
    REVIEW_NOT_FOUND = 726, "Review not found."
    REVIEW_DUPLICATE = 727, "You have already reviewed this job."
    REVIEW_OWN_JOB = 728, "You cannot review your own job."
    REVIEW_NOT_AUTHOR = 729, "Only the review's author may change it."
    REVIEW_RETRIEVED = 730, "Review retrieved."
    TIMETABLE_RETRIEVED = 735, "Timetable retrieved."
    TIMETABLE_REPLACED = 736, "Timetable replaced."
    TIMETABLE_INVALID = 737, "The timetable is invalid."
    JOB_CATEGORIES_LISTED = 740, "Job categories listed."
    SKILLS_LISTED = 741, "Skills listed."
    COUNTRIES_LISTED = 750, "Countries listed."
    PROVINCES_LISTED = 751, "Provinces listed."
    CITIES_LISTED = 752, "Cities listed."
    LOCATIONS_FILTER_INVALID = 753, "The location filters are invalid."
    ADDRESSES_LISTED = 760, "Addresses listed."
    ADDRESS_CREATED = 761, "Address created."
    ADDRESS_RETRIEVED = 762, "Address retrieved."
    ADDRESS_UPDATED = 763, "Address updated."
    ADDRESS_DELETED = 764, "Address deleted."
    ADDRESS_CREATE_FAILED = 765, "The address could not be created."
    ADDRESS_UPDATE_FAILED = 766, "The address could not be updated."
    ADDRESS_NOT_FOUND = 767, "Address not found."

    # --- 8xx support and chat -------------------------------------------------

    # --- 9xx generic ----------------------------------------------------------
    OK = 900, "OK."
    CREATED = 901, "Created."
    DELETED = 902, "Deleted."
    LISTED = 903, "Listed."
    CODES_LISTED = 904, "Response codes listed."
    HEALTHY = 905, "The service is healthy."
    VALIDATION_ERROR = 910, "The request is invalid."
    MALFORMED_REQUEST = 911, "The request body could not be parsed."
    NOT_FOUND = 912, "Not found."
    PERMISSION_DENIED = 913, "You may not do this."
    METHOD_NOT_ALLOWED = 914, "This method is not allowed here."
    UNSUPPORTED_MEDIA_TYPE = 915, "Unsupported media type."
    NOT_ACCEPTABLE = 916, "The requested response format is not available."
    THROTTLED = 917, "Too many requests; try again later."
    CONFLICT = 918, "The request conflicts with the current state."
    GONE = 919, "This resource no longer accepts changes."
    PAYLOAD_TOO_LARGE = 920, "The upload is too large."
    IMAGE_INVALID = 921, "The file is not a supported image."
    IMAGE_TOO_MANY_PIXELS = 922, "The image has too many pixels."
    SERVICE_UNAVAILABLE = 998, "The service is unavailable."
    SERVER_ERROR = 999, "Something went wrong on our side."
